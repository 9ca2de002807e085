package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ExitCode;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.cairn.server.testing.InProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn member list|add|promote|remove} and {@code cairn leader transfer} against an
 * in-process cluster, with a fourth node joining the way {@code cairn server --join} does.
 */
class MemberCommandsTest {
  @TempDir Path tmp;

  @Test
  void aJoinedLearnerIsPromotedLeadsAndAnOldMemberIsRemoved() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      List<String> endpoints = cluster.clientEndpoints();
      assertThat(Cli.against(endpoints, "put", "before-join", "v").exit()).isEqualTo(ExitCode.OK);
      Joiner joiner = new Joiner(String.join(",", endpoints));
      String peer = "127.0.0.1:" + freePort();
      String client = "127.0.0.1:" + freePort();
      List<ServerConfig.Peer> peers = joiner.initialCluster("n4", peer, client);
      assertThat(peers).extracting(ServerConfig.Peer::id).containsExactly("n1", "n2", "n3", "n4");
      ServerConfig cfg =
          ServerConfig.of("n4", tmp.resolve("n4"), client, peer, peers)
              .withTunables(InProcessCluster.TEST_TUNABLES);
      try (CairnServer n4 = CairnServer.startJoining(cfg)) {
        joiner.addSelf(cfg);
        joiner.addSelf(cfg); // a restart with --join finds itself a member: no second add

        Run list = Cli.against(endpoints, "member", "list", "-o", "json");
        assertThat(list.exit()).isEqualTo(ExitCode.OK);
        assertThat(list.out()).contains("\"n4\"", "LISTENER", client);

        Run again =
            Cli.against(
                endpoints, "member", "add", "n4", "--peer-addr", peer, "--client-addr", client);
        assertThat(again.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(again.err()).contains("already").doesNotContain("\tat ");

        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> n4.appliedIndex() >= cluster.leader().appliedIndex() - 10);
        Run promote = Cli.against(endpoints, "member", "promote", "n4");
        assertThat(promote.exit()).as(promote.err()).isEqualTo(ExitCode.OK);
        assertThat(promote.out()).contains("n4").doesNotContain("LISTENER");

        Run transfer = Cli.against(endpoints, "leader", "transfer", "--to", "n4");
        assertThat(transfer.exit()).as(transfer.err()).isEqualTo(ExitCode.OK);
        await().atMost(Duration.ofSeconds(30)).until(n4::isLeaderReady);

        Run remove = Cli.against(List.of(client), "member", "remove", "n1");
        assertThat(remove.exit()).as(remove.err()).isEqualTo(ExitCode.OK);
        assertThat(remove.out()).doesNotContain("n1");
        cluster.stop("n1");

        Run unknown = Cli.against(List.of(client), "member", "remove", "n9");
        assertThat(unknown.exit()).isEqualTo(ExitCode.REJECTED);
        assertThat(unknown.err()).contains("no member n9");
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
