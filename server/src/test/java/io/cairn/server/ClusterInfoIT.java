package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.Member;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.MemberListResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ReadConsistency;
import io.cairn.api.v1.Role;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.StatusResponse;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status and member list agree on one leader; serializable reads work on a follower. */
class ClusterInfoIT {
  @TempDir static Path tmp;
  static InProcessCluster cluster;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start(3, tmp);
    cluster.awaitLeaderReady();
    // every member has heard from the leader
    await()
        .until(
            () -> cluster.ids().stream().allMatch(id -> cluster.server(id).leaderId().isPresent()));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ClusterGrpc.ClusterBlockingStub clusterApi(String id) {
    return ClusterGrpc.newBlockingStub(cluster.channel(id)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static KVGrpc.KVBlockingStub kv(String id) {
    return KVGrpc.newBlockingStub(cluster.channel(id)).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void statusReportsOneLeaderEverywhere() {
    String leader = cluster.awaitLeaderReady().nodeId();
    kv(leader)
        .put(
            PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("status/k"))
                .setValue(ByteString.copyFromUtf8("v"))
                .build());
    // a follower reports its indices once it applied the write
    List<StatusResponse> statuses =
        await()
            .until(
                () ->
                    cluster.ids().stream()
                        .map(id -> clusterApi(id).status(StatusRequest.getDefaultInstance()))
                        .toList(),
                all -> all.stream().allMatch(s -> s.getRaftAppliedIndex() > 0));
    assertThat(statuses).filteredOn(s -> s.getRole() == Role.LEADER).hasSize(1);
    assertThat(statuses).filteredOn(s -> s.getRole() == Role.FOLLOWER).hasSize(2);
    for (StatusResponse s : statuses) {
      assertThat(s.getLeaderClientAddr()).isEqualTo(cluster.clientEndpoint(leader));
      assertThat(s.getHeader().getLeaderId()).isEqualTo(leader);
      assertThat(s.getHeader().getClusterId())
          .isEqualTo(statuses.get(0).getHeader().getClusterId());
      assertThat(s.getVersion()).isNotEmpty();
      assertThat(s.getDbSize()).isPositive();
      assertThat(s.getHeader().getRevision()).isPositive();
      assertThat(s.getRaftIndex()).isGreaterThanOrEqualTo(s.getRaftAppliedIndex());
    }
  }

  @Test
  void memberListReportsThreeMembersAndOneLeader() {
    String leader = cluster.awaitLeaderReady().nodeId();
    for (String id : cluster.ids()) {
      MemberListResponse list = clusterApi(id).memberList(MemberListRequest.getDefaultInstance());
      assertThat(list.getHeader().getMemberId()).isEqualTo(id);
      assertThat(list.getMembersList()).extracting(Member::getId).containsExactly("n1", "n2", "n3");
      assertThat(list.getMembersList())
          .filteredOn(m -> m.getRole() == Role.LEADER)
          .extracting(Member::getId)
          .containsExactly(leader);
      for (Member m : list.getMembersList()) {
        assertThat(m.getClientAddr()).isEqualTo(cluster.clientEndpoint(m.getId()));
        assertThat(m.getPeerAddr()).isEqualTo(cluster.config(m.getId()).self().peerAddress());
      }
    }
  }

  @Test
  void serializableReadOnAFollower() {
    String leader = cluster.awaitLeaderReady().nodeId();
    String follower = cluster.followers().get(0).nodeId();
    PutResponse put =
        kv(leader)
            .put(
                PutRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8("ser/k"))
                    .setValue(ByteString.copyFromUtf8("v"))
                    .build());
    long revision = put.getHeader().getRevision();
    RangeRequest read =
        RangeRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("ser/k"))
            .setConsistency(ReadConsistency.SERIALIZABLE)
            .build();

    RangeResponse seen =
        await()
            .until(
                () -> kv(follower).range(read),
                r -> r.getCount() == 1 && r.getHeader().getRevision() >= revision);
    assertThat(seen.getHeader().getMemberId()).isEqualTo(follower);
    assertThat(seen.getKvs(0).getValue().toStringUtf8()).isEqualTo("v");

    RangeRequest ahead = read.toBuilder().setMinRevision(revision + 1_000_000).build();
    assertThatThrownBy(() -> kv(follower).range(ahead))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(GrpcErrors.reason(e)).isEqualTo("REPLICA_BEHIND");
            });
  }
}
