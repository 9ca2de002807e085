package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.cli.CliException;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.server.ServerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `cairn server --snapshot-count`: reaches the node's snapshot threshold. */
class ServerSnapshotCountOptionTest {
  private static final String[] NODE = {
    "--id", "n1",
    "--data-dir", "/tmp/unused",
    "--client-addr", "127.0.0.1:7001",
    "--peer-addr", "127.0.0.1:7101",
    "--initial-cluster", "n1=127.0.0.1:7101/127.0.0.1:7001"
  };

  private static ServerConfig parse(String... extra) {
    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setDefaultValueProvider(new CairnDefaults(Map.<String, String>of()::get));
    String[] args = new String[NODE.length + extra.length];
    System.arraycopy(NODE, 0, args, 0, NODE.length);
    System.arraycopy(extra, 0, args, NODE.length, extra.length);
    cl.parseArgs(args);
    return cmd.config();
  }

  @Test
  void defaultsToTheProductionThreshold() {
    assertThat(parse().tunables().snapshotThreshold())
        .isEqualTo(ServerConfig.Tunables.DEFAULTS.snapshotThreshold());
  }

  @Test
  void setsTheThreshold() {
    assertThat(parse("--snapshot-count", "500").tunables().snapshotThreshold()).isEqualTo(500);
  }

  @Test
  void zeroIsAUsageError() {
    assertThatThrownBy(() -> parse("--snapshot-count", "0"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("tunables must be positive");
  }
}
