package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.server.ServerConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** `cairn server`: where its settings come from, and its one-line startup errors. */
class ServerCommandTest {
  @TempDir Path tmp;

  static String cluster(int client, int peer) {
    return "n1=127.0.0.1:" + peer + "/127.0.0.1:" + client;
  }

  static void assertOneLine(Run r, int exit, String fragment) {
    assertThat(r.exit()).isEqualTo(exit);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(fragment).doesNotContain("\tat ");
  }

  @Test
  void aPortInUseIsOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int client = taken.getLocalPort();
      int peer = ClientCommandsTest.freePort();
      Run r =
          Cli.run(
              "server",
              "--id",
              "n1",
              "--data-dir",
              tmp.resolve("n1").toString(),
              "--client-addr",
              "127.0.0.1:" + client,
              "--peer-addr",
              "127.0.0.1:" + peer,
              "--initial-cluster",
              cluster(client, peer));
      assertOneLine(
          r, ExitCode.FAILED, "client address 127.0.0.1:" + client + " is already in use");
    }
  }

  @Test
  void anInconsistentInitialClusterIsAUsageError() throws Exception {
    int client = ClientCommandsTest.freePort();
    int peer = ClientCommandsTest.freePort();
    Run notMember =
        Cli.run(
            "server",
            "--id",
            "n9",
            "--data-dir",
            tmp.toString(),
            "--client-addr",
            "127.0.0.1:" + client,
            "--peer-addr",
            "127.0.0.1:" + peer,
            "--initial-cluster",
            cluster(client, peer));
    assertOneLine(notMember, ExitCode.USAGE, "node n9 is not in the initial cluster");

    Run wrongPort =
        Cli.run(
            "server",
            "--id",
            "n1",
            "--data-dir",
            tmp.toString(),
            "--client-addr",
            "127.0.0.1:" + client,
            "--peer-addr",
            "127.0.0.1:" + peer,
            "--initial-cluster",
            cluster(client + 1, peer));
    assertOneLine(wrongPort, ExitCode.USAGE, "does not match the initial cluster");

    Run garbage =
        Cli.run(
            "server",
            "--id",
            "n1",
            "--data-dir",
            tmp.toString(),
            "--client-addr",
            "127.0.0.1:" + client,
            "--peer-addr",
            "127.0.0.1:" + peer,
            "--initial-cluster",
            "n1");
    assertOneLine(garbage, ExitCode.USAGE, "bad initial cluster member");
  }

  @Test
  void aDataDirOfAnotherNodeIsRefused() throws Exception {
    Path dir = tmp.resolve("data");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cairn.meta"), "node.id=n2\ncluster.token=cairn\n");
    int client = ClientCommandsTest.freePort();
    int peer = ClientCommandsTest.freePort();
    Run r =
        Cli.run(
            "server",
            "--id",
            "n1",
            "--data-dir",
            dir.toString(),
            "--client-addr",
            "127.0.0.1:" + client,
            "--peer-addr",
            "127.0.0.1:" + peer,
            "--initial-cluster",
            cluster(client, peer));
    assertOneLine(r, ExitCode.USAGE, "belongs to node n2 of cluster cairn");
  }

  @Test
  void aMissingOrBrokenConfigIsOneLine() throws Exception {
    Run missing = Cli.run("server", "--config", tmp.resolve("nope.yaml").toString());
    assertOneLine(missing, ExitCode.USAGE, "nope.yaml does not exist");

    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(broken, "id: [unclosed\n");
    assertOneLine(
        Cli.run("server", "--config", broken.toString()), ExitCode.USAGE, "is not valid YAML");

    Path unknown = tmp.resolve("unknown.yaml");
    Files.writeString(unknown, "id: n1\nlisten: 1.2.3.4\n");
    assertOneLine(
        Cli.run("server", "--config", unknown.toString()), ExitCode.USAGE, "unknown key 'listen'");

    assertOneLine(Cli.run("server", "--id", "n1"), ExitCode.USAGE, "missing --data-dir");
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Path file = tmp.resolve("node.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "id: n1",
            "data-dir: /from/file",
            "client-addr: 127.0.0.1:7001",
            "peer-addr: 127.0.0.1:7101",
            "initial-cluster:",
            "  - n1=127.0.0.1:7101/127.0.0.1:7001",
            "  - n2=127.0.0.1:7102/127.0.0.1:7002",
            "cluster-token: from-file",
            ""));
    Map<String, String> env =
        Map.of("CAIRN_CONFIG", file.toString(), "CAIRN_DATA_DIR", "/from/env");

    ServerConfig fromFileAndEnv = parse(env);
    assertThat(fromFileAndEnv.nodeId()).isEqualTo("n1");
    assertThat(fromFileAndEnv.dataDir()).isEqualTo(Path.of("/from/env"));
    assertThat(fromFileAndEnv.clusterToken()).isEqualTo("from-file");
    assertThat(fromFileAndEnv.initialCluster()).hasSize(2);

    ServerConfig flagWins = parse(env, "--data-dir", "/from/flag", "--cluster-token", "t");
    assertThat(flagWins.dataDir()).isEqualTo(Path.of("/from/flag"));
    assertThat(flagWins.clusterToken()).isEqualTo("t");
  }

  @Test
  void everyServerOptionCanComeFromTheEnvironment() {
    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    for (OptionSpec option : cl.getCommandSpec().options()) {
      String name = option.longestName().replaceFirst("^-+", "");
      String var = CairnDefaults.envName(name);
      assertThat(new CairnDefaults(Map.of(var, "from-env")::get).defaultValue(option))
          .as(var + " for --" + name)
          .isEqualTo("from-env");
    }
  }

  @Test
  void snapshotCountAndJoinFromTheEnvironment() throws Exception {
    Path file = tmp.resolve("node.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "id: n1",
            "data-dir: /d",
            "client-addr: 127.0.0.1:7001",
            "peer-addr: 127.0.0.1:7101",
            "initial-cluster: n1=127.0.0.1:7101/127.0.0.1:7001",
            ""));
    Map<String, String> env =
        Map.of("CAIRN_CONFIG", file.toString(), "CAIRN_SNAPSHOT_COUNT", "2500");
    assertThat(parse(env).tunables().snapshotThreshold()).isEqualTo(2500);
    assertThat(parse(env, "--snapshot-count", "300").tunables().snapshotThreshold()).isEqualTo(300);

    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setDefaultValueProvider(new CairnDefaults(Map.of("CAIRN_JOIN", "10.0.0.1:7001")::get));
    cl.parseArgs();
    assertThat(cmd.join).isEqualTo("10.0.0.1:7001");
  }

  private static ServerConfig parse(Map<String, String> env, String... args) {
    ServerCommand cmd = new ServerCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.setDefaultValueProvider(new CairnDefaults(env::get));
    cl.parseArgs(args);
    return cmd.config();
  }
}
