package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.server.ServerConfig.HostPort;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `cairn server --metrics-addr`: off by default, from the flag or CAIRN_METRICS_ADDR. */
class ServerMetricsOptionTest {
  private static final String[] NODE = {
    "--id", "n1",
    "--data-dir", "/tmp/unused",
    "--client-addr", "127.0.0.1:7001",
    "--peer-addr", "127.0.0.1:7101",
    "--initial-cluster", "n1=127.0.0.1:7101/127.0.0.1:7001"
  };

  private static HostPort parse(Map<String, String> env, String... extra) {
    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setDefaultValueProvider(new CairnDefaults(env::get));
    String[] args = new String[NODE.length + extra.length];
    System.arraycopy(NODE, 0, args, 0, NODE.length);
    System.arraycopy(extra, 0, args, NODE.length, extra.length);
    cl.parseArgs(args);
    return cmd.metricsAddress();
  }

  @Test
  void offUnlessGiven() {
    assertThat(parse(Map.of())).isNull();
    assertThat(parse(Map.of(), "--metrics-addr", "127.0.0.1:9001"))
        .isEqualTo(new HostPort("127.0.0.1", 9001));
    assertThat(parse(Map.of("CAIRN_METRICS_ADDR", "0.0.0.0:9002")))
        .isEqualTo(new HostPort("0.0.0.0", 9002));
  }

  @Test
  void aBadAddressIsAUsageError() {
    assertThatThrownBy(() -> parse(Map.of(), "--metrics-addr", "nowhere"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--metrics-addr")
        .extracting(e -> ((CliException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
  }
}
