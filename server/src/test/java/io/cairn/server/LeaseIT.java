package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Event;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.LeaseGrantRequest;
import io.cairn.api.v1.LeaseGrantResponse;
import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.LeaseKeepAliveRequest;
import io.cairn.api.v1.LeaseKeepAliveResponse;
import io.cairn.api.v1.LeaseLeasesRequest;
import io.cairn.api.v1.LeaseRevokeRequest;
import io.cairn.api.v1.LeaseStatus;
import io.cairn.api.v1.LeaseTimeToLiveRequest;
import io.cairn.api.v1.LeaseTimeToLiveResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.server.testing.FirstReply;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.cairn.server.watch.WatchRecorder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases over raw gRPC: expiry with its keys, keep-alive across a leader stop, the errors. */
class LeaseIT {
  @TempDir static Path tmp;
  static InProcessCluster cluster;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start(3, tmp);
    cluster.awaitLeaderReady();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static String leader() {
    return cluster.awaitLeaderReady().nodeId();
  }

  private static LeaseGrpc.LeaseBlockingStub lease(String node) {
    return LeaseGrpc.newBlockingStub(cluster.channel(node)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static KVGrpc.KVBlockingStub kv(String node) {
    return KVGrpc.newBlockingStub(cluster.channel(node)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  /** One keep-alive on its own stream: the TTL the member answered. */
  private static long keepAlive(String node, long id) {
    FirstReply<LeaseKeepAliveResponse> reply = new FirstReply<>();
    StreamObserver<LeaseKeepAliveRequest> requests =
        LeaseGrpc.newStub(cluster.channel(node)).leaseKeepAlive(reply);
    requests.onNext(LeaseKeepAliveRequest.newBuilder().setId(id).build());
    try {
      return reply.future().get(30, TimeUnit.SECONDS).getTtl();
    } catch (Exception e) {
      throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
    } finally {
      requests.onCompleted();
    }
  }

  /** A lease granted at the leader after the leader is known to track leases. */
  private static LeaseGrantResponse grant(long ttl) {
    String node = leader();
    await().ignoreExceptions().until(() -> keepAlive(node, 1) == 0); // primary and loaded
    return lease(node).leaseGrant(LeaseGrantRequest.newBuilder().setTtl(ttl).build());
  }

  @Test
  void anExpiredLeaseDeletesItsKeysInOneRevision() {
    LeaseGrantResponse granted = grant(1);
    assertThat(granted.getTtl()).isEqualTo(2); // raised to the minimum
    long id = granted.getId();
    assertThat(id).isPositive();
    String follower = cluster.followers().get(0).nodeId();
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> watch =
        WatchGrpc.newStub(cluster.channel(follower)).watch(recorder);
    watch.onNext(
        WatchRequest.newBuilder()
            .setCreateRequest(
                WatchCreateRequest.newBuilder()
                    .setKey(utf8("expiring/"))
                    .setRangeEnd(utf8("expiring0")))
            .build());
    await().until(() -> !recorder.responses().isEmpty());
    for (String k : List.of("expiring/a", "expiring/b")) {
      kv(leader())
          .put(PutRequest.newBuilder().setKey(utf8(k)).setValue(utf8("1")).setLease(id).build());
    }
    assertThat(
            lease(leader())
                .leaseTimeToLive(
                    LeaseTimeToLiveRequest.newBuilder().setId(id).setKeys(true).build()))
        .satisfies(
            t -> {
              assertThat(t.getGrantedTtl()).isEqualTo(2);
              assertThat(t.getTtl()).isBetween(0L, 2L);
              assertThat(t.getKeysList()).hasSize(2);
            });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                recorder.events().stream()
                        .filter(e -> e.getType() == Event.EventType.DELETE)
                        .count()
                    == 2);
    WatchResponse deletes =
        recorder.responses().stream()
            .filter(
                r -> r.getEventsCount() > 0 && r.getEvents(0).getType() == Event.EventType.DELETE)
            .findFirst()
            .get();
    assertThat(deletes.getEventsList()).hasSize(2);
    assertThat(deletes.getEvents(0).getKv().getModRevision())
        .isEqualTo(deletes.getEvents(1).getKv().getModRevision());
    assertThat(
            kv(leader())
                .range(
                    RangeRequest.newBuilder()
                        .setKey(utf8("expiring/"))
                        .setRangeEnd(utf8("expiring0"))
                        .build())
                .getCount())
        .isZero();
    LeaseTimeToLiveResponse gone =
        lease(leader()).leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setId(id).build());
    assertThat(gone.getTtl()).isEqualTo(-1);
    assertThat(keepAlive(leader(), id)).isZero();
    watch.onCompleted();
  }

  @Test
  void aKeptAliveLeaseOutlivesALeaderStop() {
    long id = grant(3).getId();
    kv(leader())
        .put(PutRequest.newBuilder().setKey(utf8("kept")).setValue(utf8("1")).setLease(id).build());
    String old = leader();
    assertThat(keepAlive(old, id)).isEqualTo(3);
    cluster.stop(old);
    try {
      // keep it alive at whichever member leads now, for well over two TTLs
      long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < until) {
        long ttl =
            await()
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> keepAlive(leader(), id), t -> true);
        assertThat(ttl).isEqualTo(3);
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      }
      String now = leader();
      assertThat(lease(now).leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList())
          .extracting(LeaseStatus::getId)
          .contains(id);
      assertThat(kv(now).range(RangeRequest.newBuilder().setKey(utf8("kept")).build()).getCount())
          .isEqualTo(1);
    } finally {
      cluster.restart(old);
    }
    lease(leader()).leaseRevoke(LeaseRevokeRequest.newBuilder().setId(id).build());
    assertThat(
            kv(leader()).range(RangeRequest.newBuilder().setKey(utf8("kept")).build()).getCount())
        .isZero();
  }

  @Test
  void leaseErrorsFollowTheTable() {
    String leader = leader();
    String follower = cluster.followers().get(0).nodeId();
    await().until(() -> cluster.server(follower).leaderId().isPresent());
    assertThatThrownBy(
            () -> lease(leader).leaseRevoke(LeaseRevokeRequest.newBuilder().setId(424242).build()))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(GrpcErrors.reason(e)).isEqualTo("LEASE_NOT_FOUND");
            });
    assertThatThrownBy(
            () ->
                kv(leader)
                    .put(
                        PutRequest.newBuilder()
                            .setKey(utf8("nolease"))
                            .setValue(utf8("1"))
                            .setLease(424242)
                            .build()))
        .satisfies(e -> assertThat(GrpcErrors.reason(e)).isEqualTo("LEASE_NOT_FOUND"));
    long id = grant(10).getId();
    assertThatThrownBy(
            () ->
                lease(leader())
                    .leaseGrant(LeaseGrantRequest.newBuilder().setId(id).setTtl(5).build()))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(GrpcErrors.reason(e)).isEqualTo("LEASE_EXISTS");
            });
    assertThatThrownBy(() -> keepAlive(follower, id))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e.getCause())).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(GrpcErrors.reason(e.getCause())).isEqualTo("NOT_LEADER");
              assertThat(GrpcErrors.errorInfo(e.getCause()).get().getMetadataMap())
                  .containsKey("leader_addr");
            });
    assertThatThrownBy(
            () ->
                lease(follower)
                    .leaseTimeToLive(LeaseTimeToLiveRequest.newBuilder().setId(id).build()))
        .satisfies(e -> assertThat(GrpcErrors.reason(e)).isEqualTo("NOT_LEADER"));
    assertThat(lease(follower).leaseLeases(LeaseLeasesRequest.getDefaultInstance()).getLeasesList())
        .extracting(LeaseStatus::getId)
        .contains(id);
    lease(leader()).leaseRevoke(LeaseRevokeRequest.newBuilder().setId(id).build());
  }
}
