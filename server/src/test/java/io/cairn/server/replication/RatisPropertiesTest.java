package io.cairn.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

class RatisPropertiesTest {
  @Test
  void raftSystemPropertiesOverrideTheDefaultsAndNothingElseIsCopied() {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    Properties source = new Properties();
    source.setProperty("raft.server.log.appender.wait-time.min", "0ms");
    source.setProperty("raft.server.log.log-metadata.enabled", "true");
    source.setProperty("cairn.other", "x");

    RatisProperties.overrides(p, source);

    assertThat(
            RaftServerConfigKeys.Log.Appender.waitTimeMin(p)
                .toLong(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isZero();
    assertThat(RaftServerConfigKeys.Log.logMetadataEnabled(p)).isTrue();
    assertThat(p.get("cairn.other")).isNull();
  }
}
