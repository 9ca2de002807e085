package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.cli.CliException;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.server.ServerConfig;
import io.cairn.server.ServerConfig.Retention;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `cairn server --auto-compaction-retention`: flag and CAIRN_* variable reach the node config. */
class ServerRetentionOptionTest {
  private static final String[] NODE = {
    "--id", "n1",
    "--data-dir", "/tmp/unused",
    "--client-addr", "127.0.0.1:7001",
    "--peer-addr", "127.0.0.1:7101",
    "--initial-cluster", "n1=127.0.0.1:7101/127.0.0.1:7001"
  };

  private static ServerConfig parse(Map<String, String> env, String... extra) {
    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setDefaultValueProvider(new CairnDefaults(env::get));
    String[] args = new String[NODE.length + extra.length];
    System.arraycopy(NODE, 0, args, 0, NODE.length);
    System.arraycopy(extra, 0, args, NODE.length, extra.length);
    cl.parseArgs(args);
    return cmd.config();
  }

  @Test
  void offByDefault() {
    assertThat(parse(Map.of()).tunables().autoCompactionRetention()).isEqualTo(Retention.OFF);
  }

  @Test
  void aRevisionCountOrAPeriod() {
    assertThat(parse(Map.of(), "--auto-compaction-retention", "5000").tunables())
        .extracting(t -> t.autoCompactionRetention())
        .isEqualTo(Retention.parse("5000"));
    Retention fromEnv =
        parse(Map.of("CAIRN_AUTO_COMPACTION_RETENTION", "2h")).tunables().autoCompactionRetention();
    assertThat(fromEnv).isEqualTo(Retention.parse("2h"));
    assertThat(fromEnv).isNotEqualTo(Retention.OFF);
    assertThat(Retention.parse("2h")).isEqualTo(new Retention(0, Duration.ofHours(2)));
  }

  @Test
  void nonsenseIsAUsageError() {
    assertThatThrownBy(() -> parse(Map.of(), "--auto-compaction-retention", "soon"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("auto-compaction retention 'soon'");
  }
}
