package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {
  private static final String CLUSTER =
      "n1=127.0.0.1:7101/127.0.0.1:7001,n2=127.0.0.1:7102/127.0.0.1:7002";

  @Test
  void parsesArguments() {
    ServerConfig c =
        Main.parse(
            new String[] {
              "--id",
              "n2",
              "--data-dir",
              "/tmp/d2",
              "--client-addr",
              "127.0.0.1:7002",
              "--peer-addr=127.0.0.1:7102",
              "--initial-cluster",
              CLUSTER,
              "--debug"
            });
    assertThat(c.nodeId()).isEqualTo("n2");
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/d2"));
    assertThat(c.clientPort()).isEqualTo(7002);
    assertThat(c.peerPort()).isEqualTo(7102);
    assertThat(c.initialCluster()).hasSize(2);
  }

  @Test
  void reportsMissingAndUnknownOptions() {
    assertThatThrownBy(() -> Main.parse(new String[] {"--id", "n1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("missing required option --data-dir");
    assertThatThrownBy(() -> Main.parse(new String[] {"--bogus", "x"}))
        .hasMessage("unknown option --bogus");
  }
}
