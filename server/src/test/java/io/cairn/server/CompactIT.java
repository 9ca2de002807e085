package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.ReadConsistency;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.cairn.server.watch.WatchRecorder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads at a revision, compaction, and what compaction does to reads and watches below it. */
class CompactIT {
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

  private static KVGrpc.KVBlockingStub kv(String node) {
    return KVGrpc.newBlockingStub(cluster.channel(node)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static KVGrpc.KVBlockingStub leaderKv() {
    return kv(cluster.awaitLeaderReady().nodeId());
  }

  private static long put(String key, String value) {
    return leaderKv()
        .put(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value)).build())
        .getHeader()
        .getRevision();
  }

  private static RangeResponse get(String node, String key, long revision) {
    return kv(node)
        .range(RangeRequest.newBuilder().setKey(utf8(key)).setRevision(revision).build());
  }

  @Test
  void rangeAtARevisionThenCompactionMakesOlderReadsAndWatchesFail() {
    long r1 = put("hist/k", "one");
    long r2 = put("hist/k", "two");
    long r3 = put("hist/k", "three");
    String follower = cluster.followers().get(0).nodeId();

    RangeResponse atR1 = get(follower, "hist/k", r1);
    assertThat(atR1.getKvs(0).getValue().toStringUtf8()).isEqualTo("one");
    assertThat(atR1.getKvs(0).getVersion()).isEqualTo(1);
    assertThat(get(follower, "hist/k", r2).getKvs(0).getValue().toStringUtf8()).isEqualTo("two");
    assertThat(get(follower, "hist/k", 0).getKvs(0).getValue().toStringUtf8()).isEqualTo("three");

    assertThatThrownBy(() -> get(follower, "hist/k", r3 + 1000))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.OUT_OF_RANGE);
              assertThat(GrpcErrors.reason(e)).isEqualTo("FUTURE_REVISION");
            });
    assertThatThrownBy(
            () -> leaderKv().compact(CompactionRequest.newBuilder().setRevision(r3 + 1000).build()))
        .satisfies(e -> assertThat(GrpcErrors.reason(e)).isEqualTo("FUTURE_REVISION"));

    leaderKv().compact(CompactionRequest.newBuilder().setRevision(r2).build());

    // the follower applies the compaction too (serializable reads see its own state)
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () ->
                            kv(follower)
                                .range(
                                    RangeRequest.newBuilder()
                                        .setKey(utf8("hist/k"))
                                        .setRevision(r1)
                                        .setConsistency(ReadConsistency.SERIALIZABLE)
                                        .build()))
                    .satisfies(
                        e -> {
                          assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
                          assertThat(GrpcErrors.reason(e)).isEqualTo("COMPACTED");
                          assertThat(
                                  GrpcErrors.errorInfo(e)
                                      .orElseThrow()
                                      .getMetadataMap()
                                      .get("compact_revision"))
                              .isEqualTo(Long.toString(r2));
                        }));
    assertThat(get(follower, "hist/k", r3).getKvs(0).getValue().toStringUtf8()).isEqualTo("three");
    assertThatThrownBy(
            () -> leaderKv().compact(CompactionRequest.newBuilder().setRevision(r1).build()))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(GrpcErrors.reason(e)).isEqualTo("COMPACTED");
            });

    // a watch from below the compaction: created, then canceled with the compacted revision
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> requests =
        WatchGrpc.newStub(cluster.channel(follower)).watch(recorder);
    requests.onNext(
        WatchRequest.newBuilder()
            .setCreateRequest(
                WatchCreateRequest.newBuilder()
                    .setKey(utf8("hist/k"))
                    .setStartRevision(r1)
                    .setWatchId(5))
            .build());
    await().until(() -> recorder.responses().stream().anyMatch(WatchResponse::getCanceled));
    WatchResponse first = recorder.responses().get(0);
    assertThat(first.getCreated()).isTrue();
    WatchResponse canceled =
        recorder.responses().stream().filter(WatchResponse::getCanceled).findFirst().get();
    assertThat(canceled.getWatchId()).isEqualTo(5);
    assertThat(canceled.getCompactRevision()).isEqualTo(r2);
    assertThat(canceled.getCancelReason()).contains("compacted");
    requests.onCompleted();
  }

  @Test
  void invalidCompactionsAreRejected() {
    assertThatThrownBy(
            () -> leaderKv().compact(CompactionRequest.newBuilder().setRevision(0).build()))
        .satisfies(e -> assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
