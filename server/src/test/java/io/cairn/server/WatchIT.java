package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Event;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchProgressRequest;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.server.testing.InProcessCluster;
import io.cairn.server.watch.WatchRecorder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watches over raw gRPC on a 3-node cluster, served by a follower. */
class WatchIT {
  @TempDir static Path tmp;
  static InProcessCluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        InProcessCluster.start(
            3,
            tmp,
            InProcessCluster.TEST_TUNABLES.withProgressNotifyInterval(Duration.ofMillis(300)));
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

  private static KVGrpc.KVBlockingStub kv() {
    return KVGrpc.newBlockingStub(cluster.channel(cluster.awaitLeaderReady().nodeId()))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static long put(String key, String value) {
    return kv().put(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value)).build())
        .getHeader()
        .getRevision();
  }

  private static StreamObserver<WatchRequest> watch(
      String node, WatchCreateRequest create, WatchRecorder recorder) {
    StreamObserver<WatchRequest> requests =
        WatchGrpc.newStub(cluster.channel(node)).watch(recorder);
    requests.onNext(WatchRequest.newBuilder().setCreateRequest(create).build());
    return requests;
  }

  private static WatchCreateRequest prefix(String prefix, long start) {
    byte[] end = prefix.getBytes();
    end[end.length - 1]++;
    return WatchCreateRequest.newBuilder()
        .setKey(utf8(prefix))
        .setRangeEnd(ByteString.copyFrom(end))
        .setStartRevision(start)
        .build();
  }

  private static String follower() {
    return cluster.followers().get(0).nodeId();
  }

  @Test
  void aWatchFromAnOldRevisionReplaysThenGoesLiveWithoutGapsOrDuplicates() {
    long first = put("replay/0", "a");
    for (int i = 1; i < 20; i++) {
      put("replay/" + i, "v" + i);
      put("other/" + i, "x");
    }
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> requests =
        watch(follower(), prefix("replay/", first).toBuilder().setPrevKv(true).build(), recorder);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last = put("replay/" + i, "w" + i);
    }
    long end = last;
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.revisions().contains(end));
    List<Long> revisions = recorder.revisions();
    assertThat(revisions).doesNotHaveDuplicates().isSorted().hasSize(40);
    assertThat(revisions.get(0)).isEqualTo(first);
    List<Event> events = recorder.events();
    assertThat(events.get(0).getKv().getValue().toStringUtf8()).isEqualTo("a");
    assertThat(events.get(0).getKv().getVersion()).isEqualTo(1);
    // the second round overwrote every key: prev_kv holds the first round's value
    Event overwrite = events.get(20);
    assertThat(overwrite.getKv().getKey().toStringUtf8()).isEqualTo("replay/0");
    assertThat(overwrite.getKv().getVersion()).isEqualTo(2);
    assertThat(overwrite.getPrevKv().getValue().toStringUtf8()).isEqualTo("a");
    requests.onCompleted();
  }

  @Test
  void aTxnsEventsArriveInOneResponse() {
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> requests = watch(follower(), prefix("txn/", 0), recorder);
    await().until(() -> !recorder.responses().isEmpty());
    assertThat(recorder.responses().get(0).getCreated()).isTrue();
    TxnRequest.Builder txn = TxnRequest.newBuilder();
    for (String k : List.of("txn/a", "txn/b", "txn/c")) {
      txn.addSuccess(
          RequestOp.newBuilder()
              .setRequestPut(PutRequest.newBuilder().setKey(utf8(k)).setValue(utf8("1"))));
    }
    long revision = kv().txn(txn.build()).getHeader().getRevision();
    await().until(() -> recorder.events().size() == 3);
    WatchResponse r =
        recorder.responses().stream().filter(x -> x.getEventsCount() > 0).findFirst().get();
    assertThat(r.getEventsList())
        .extracting(e -> e.getKv().getKey().toStringUtf8())
        .containsExactly("txn/a", "txn/b", "txn/c");
    assertThat(r.getEventsList()).allMatch(e -> e.getKv().getModRevision() == revision);
    requests.onCompleted();
  }

  @Test
  void progressNotificationsArriveOnIdleWatchesAndOnRequest() {
    long revision = put("progress/x", "1");
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> requests =
        watch(
            follower(),
            prefix("progress/", 0).toBuilder().setProgressNotify(true).build(),
            recorder);
    // the follower may apply the put a moment later: bookmarks then catch up with it
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                recorder.responses().stream()
                        .filter(WatchIT::isBookmark)
                        .filter(b -> b.getHeader().getRevision() >= revision)
                        .count()
                    >= 2);
    assertThat(
            recorder.responses().stream()
                .filter(WatchIT::isBookmark)
                .map(b -> b.getHeader().getRevision())
                .toList())
        .isSorted();

    WatchRecorder quiet = new WatchRecorder();
    StreamObserver<WatchRequest> other = watch(follower(), prefix("progress/", 0), quiet);
    other.onNext(
        WatchRequest.newBuilder()
            .setProgressRequest(WatchProgressRequest.getDefaultInstance())
            .build());
    await().until(() -> quiet.responses().stream().anyMatch(WatchIT::isBookmark));
    requests.onCompleted();
    other.onCompleted();
  }

  @Test
  void aWatchOfManyRevisionsFromTheStartSeesEveryOne() {
    long first = put("many/start", "0");
    for (int i = 0; i < 120; i++) {
      put("many/" + (i % 7), "v" + i);
    }
    WatchRecorder recorder = new WatchRecorder();
    StreamObserver<WatchRequest> requests = watch(follower(), prefix("many/", first), recorder);
    await().atMost(Duration.ofSeconds(30)).until(() -> recorder.revisions().size() == 121);
    List<Long> revisions = recorder.revisions();
    assertThat(revisions).doesNotHaveDuplicates().isSorted();
    assertThat(revisions.get(0)).isEqualTo(first);
    requests.onCompleted();
  }

  private static boolean isBookmark(WatchResponse r) {
    return !r.getCreated() && !r.getCanceled() && r.getEventsCount() == 0;
  }
}
