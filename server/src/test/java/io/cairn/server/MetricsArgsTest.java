package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --metrics-addr} on the server's own command line. */
class MetricsArgsTest {
  private static final List<String> BASE =
      List.of(
          "--id",
          "n1",
          "--data-dir",
          "/tmp/d",
          "--client-addr",
          "127.0.0.1:7001",
          "--peer-addr",
          "127.0.0.1:7101",
          "--initial-cluster",
          "n1=127.0.0.1:7101/127.0.0.1:7001");

  private static String[] args(String... more) {
    return java.util.stream.Stream.concat(BASE.stream(), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }

  @Test
  void metricsAddressIsOptionalAndParsedInBothForms() {
    assertThat(Main.metricsAddress(args())).isEmpty();
    assertThat(Main.metricsAddress(args("--metrics-addr", "127.0.0.1:9001")))
        .contains(new ServerConfig.HostPort("127.0.0.1", 9001));
    assertThat(Main.metricsAddress(args("--metrics-addr=0.0.0.0:9002")))
        .contains(new ServerConfig.HostPort("0.0.0.0", 9002));
    assertThat(Main.parse(args("--metrics-addr", "127.0.0.1:9001")).nodeId()).isEqualTo("n1");
  }

  @Test
  void aBadMetricsAddressIsRejected() {
    assertThatThrownBy(() -> Main.metricsAddress(args("--metrics-addr", "nowhere")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics address");
  }
}
