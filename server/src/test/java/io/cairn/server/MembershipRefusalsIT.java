package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.MemberAddRequest;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.Member;
import io.cairn.client.MemberList;
import io.cairn.server.membership.Membership;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The membership refusals MembershipIT does not reach: a lagging learner, an absent one, a race.
 */
class MembershipRefusalsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void promotingALearnerFarBehindIsRefusedAndChangesNothing() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      BlockingCairnClient admin = cluster.client().blocking();
      ServerConfig n4Config = joiner("n4", cluster);
      try (CairnServer n4 = CairnServer.startJoining(n4Config)) {
        admin.addLearner("n4", n4Config.self().peerAddress(), n4Config.self().clientAddress());
      }
      // n4 is down: each of these writes is one more entry it lacks.
      for (int i = 0; i <= Membership.MAX_PROMOTE_LAG; i++) {
        admin.put(Bytes.utf8("k" + i), Bytes.utf8("v"));
      }
      CairnException e = catchThrowableOfCairn(() -> admin.promoteMember("n4"));
      assertThat(e.reason()).isEqualTo("MEMBER_BEHIND");
      assertThat(e.getMessage()).contains("n4").contains("behind");
      assertThat(roles(admin.members())).containsEntry("n4", "LISTENER").hasSize(4);
    }
  }

  @Test
  void addingAMemberThatNeverAnswersTimesOutAsUnreachableAndChangesNothing() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      String leader = cluster.awaitLeaderReady().nodeId();
      // Raw stub: the Java client would retry this UNAVAILABLE answer until its deadline.
      ClusterGrpc.ClusterBlockingStub cl =
          ClusterGrpc.newBlockingStub(cluster.channel(leader))
              .withDeadlineAfter(50, TimeUnit.SECONDS);
      Throwable t =
          catchThrowable(
              () ->
                  cl.memberAdd(
                      MemberAddRequest.newBuilder()
                          .setId("n5")
                          .setPeerAddr("127.0.0.1:" + freePort()) // nothing listens there
                          .setClientAddr("127.0.0.1:" + freePort())
                          .build()));
      assertThat(GrpcErrors.code(t)).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(GrpcErrors.reason(t)).isEqualTo("MEMBER_UNREACHABLE");
      assertThat(
              ClusterGrpc.newBlockingStub(cluster.channel(leader))
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .memberList(MemberListRequest.getDefaultInstance())
                  .getMembersList())
          .extracting(io.cairn.api.v1.Member::getId)
          .containsExactlyInAnyOrder("n1", "n2", "n3");
    }
  }

  @Test
  void twoAddsAtOnceNeverBothChangeTheSameConfigurationAndTheClusterAgrees() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      CairnClient client = cluster.client();
      client.blocking().put(Bytes.utf8("k"), Bytes.utf8("v"));
      ServerConfig n4Config = joiner("n4", cluster);
      ServerConfig n5Config = joiner("n5", cluster);
      try (CairnServer n4 = CairnServer.startJoining(n4Config);
          CairnServer n5 = CairnServer.startJoining(n5Config)) {
        Map<String, ServerConfig> joiners = Map.of("n4", n4Config, "n5", n5Config);
        Map<String, CompletableFuture<MemberList>> adds =
            joiners.entrySet().stream()
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey,
                        j ->
                            client.addLearner(
                                j.getKey(),
                                j.getValue().self().peerAddress(),
                                j.getValue().self().clientAddress())));

        List<String> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<MemberList>> a : adds.entrySet()) {
          try {
            a.getValue().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            added.add(a.getKey());
          } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(CairnException.class);
            assertThat(((CairnException) e.getCause()).reason())
                .isEqualTo("MEMBERSHIP_CHANGE_IN_PROGRESS");
            refused.add(a.getKey());
          }
        }
        assertThat(added).as("at least one add goes through").isNotEmpty();

        // Every member agrees on the configuration: the originals plus what was added.
        List<String> expected = new ArrayList<>(List.of("n1", "n2", "n3"));
        expected.addAll(added);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  for (String id : cluster.ids()) {
                    assertThat(roles(cluster.client(id).blocking().members()).keySet())
                        .as("members seen by " + id)
                        .containsExactlyInAnyOrderElementsOf(expected);
                  }
                });

        // A refused add succeeds once the other change is done.
        for (String id : refused) {
          ServerConfig c = joiners.get(id);
          client.blocking().addLearner(id, c.self().peerAddress(), c.self().clientAddress());
        }
        assertThat(roles(client.blocking().members()))
            .containsEntry("n4", "LISTENER")
            .containsEntry("n5", "LISTENER")
            .hasSize(5);
      }
    }
  }

  private static ServerConfig joiner(String id, InProcessCluster cluster) {
    return MembershipIT.joinerConfig(
        id, cluster.dataDir("n1").resolveSibling(id), cluster.config("n1").initialCluster());
  }

  private static CairnException catchThrowableOfCairn(Runnable call) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isInstanceOf(CairnException.class);
    return (CairnException) t;
  }

  private static Map<String, String> roles(MemberList list) {
    return list.members().stream().collect(Collectors.toMap(Member::id, Member::role));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
