package io.cairn.server.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Event;
import io.cairn.api.v1.ResponseHeader;
import io.cairn.api.v1.WatchCancelRequest;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchHubTest {
  private static final ByteString PREFIX_END = ByteString.copyFromUtf8("l");

  private final FakeHistory history = new FakeHistory();
  private WatchHub hub;

  private WatchHub start(Duration progress, int maxQueued) {
    hub =
        new WatchHub(
            "t1",
            history,
            rev -> ResponseHeader.newBuilder().setRevision(rev).build(),
            () -> Status.UNAVAILABLE.asRuntimeException(),
            progress,
            maxQueued);
    history.listen(hub);
    hub.start();
    return hub;
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static WatchRequest create(long start, long id, boolean progress) {
    return WatchRequest.newBuilder()
        .setCreateRequest(
            WatchCreateRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("k"))
                .setRangeEnd(PREFIX_END)
                .setStartRevision(start)
                .setWatchId(id)
                .setProgressNotify(progress))
        .build();
  }

  private static List<Long> revisions(List<WatchResponse> responses) {
    List<Long> out = new ArrayList<>();
    for (WatchResponse r : responses) {
      for (Event e : r.getEventsList()) {
        out.add(e.getKv().getModRevision());
      }
    }
    return out;
  }

  @Test
  void catchUpSwitchesToLiveWithoutGapsOrDuplicates() {
    for (int i = 0; i < 2500; i++) {
      history.commit("k" + i);
    }
    start(Duration.ofMinutes(1), 100_000);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 1500; i++) {
                history.commit("k" + i, "other" + i);
              }
            });
    hub.request(stream, create(1, 7, false));
    writer.join();
    await().atMost(Duration.ofSeconds(20)).until(() -> revisions(call.sent()).size() >= 4000);
    assertThat(revisions(call.sent()))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 4000).boxed().toList());
    assertThat(call.sent().get(0).getCreated()).isTrue();
    assertThat(call.sent()).allMatch(r -> r.getWatchId() == 7 && !r.getCanceled());
  }

  @Test
  void commitsWithNoStreamOpenAreNeitherLostNorRepeatedWhenAWatchStarts() {
    start(Duration.ofMinutes(1), 100_000);
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 5; i++) {
        history.commit("q" + i); // no stream open: these never reach the hub thread as tasks
      }
      long before = history.currentRevision();
      FakeCall call = new FakeCall();
      WatchStream stream = hub.open(call);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 50; i++) {
                  history.commit("k" + i); // racing the create below
                }
              });
      hub.request(stream, create(0, 1, false));
      writer.join();
      long last = history.currentRevision();
      await().until(() -> call.sent().size() >= 1);
      long created = call.sent().get(0).getHeader().getRevision();
      // Created at some revision of this round; after it, every later one exactly once.
      assertThat(created).isBetween(before, last);
      await().until(() -> revisions(call.sent()).size() == last - created);
      assertThat(revisions(call.sent()))
          .containsExactlyElementsOf(LongStream.rangeClosed(created + 1, last).boxed().toList());
      hub.closed(stream, true);
      await().until(call::completed);
    }
  }

  @Test
  void oneRevisionsEventsArriveInOneResponse() {
    start(Duration.ofMinutes(1), 100);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    hub.request(stream, create(0, 0, false));
    await().until(() -> call.sent().size() == 1);
    history.commit("ka", "kb", "zz", "kc");
    await().until(() -> call.sent().size() == 2);
    WatchResponse r = call.sent().get(1);
    assertThat(r.getEventsList())
        .extracting(e -> e.getKv().getKey().toStringUtf8())
        .containsExactly("ka", "kb", "kc");
    assertThat(r.getHeader().getRevision()).isEqualTo(1);
    assertThat(r.getWatchId()).isEqualTo(1); // the member picked the first free id
  }

  @Test
  void aStartAtOrBelowTheCompactedRevisionIsCanceledWithIt() {
    for (int i = 0; i < 10; i++) {
      history.commit("k" + i);
    }
    history.compact(5);
    start(Duration.ofMinutes(1), 100);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    hub.request(stream, create(5, 3, false));
    hub.request(stream, create(6, 4, false));
    await().until(() -> call.sent().size() >= 4);
    WatchResponse canceled =
        call.sent().stream().filter(WatchResponse::getCanceled).findFirst().orElseThrow();
    assertThat(canceled.getWatchId()).isEqualTo(3);
    assertThat(canceled.getCompactRevision()).isEqualTo(5);
    assertThat(canceled.getCancelReason()).contains("compacted");
    assertThat(revisions(call.sent())).containsExactly(6L, 7L, 8L, 9L, 10L);
  }

  @Test
  void aSlowConsumerIsCanceledWithoutHoldingUpOthers() {
    start(Duration.ofMinutes(1), 4);
    FakeCall slow = new FakeCall();
    FakeCall fast = new FakeCall();
    WatchStream slowStream = hub.open(slow);
    WatchStream fastStream = hub.open(fast);
    slow.setReady(false);
    hub.request(slowStream, create(0, 1, false));
    hub.request(fastStream, create(0, 1, false));
    await().until(() -> fast.sent().size() == 1);
    for (int i = 0; i < 20; i++) {
      history.commit("k" + i);
      long expected = i + 1;
      // the fast stream drains as it goes, so it never overflows
      await().until(() -> revisions(fast.sent()).size() == expected);
    }
    slow.setReady(true);
    await().until(() -> slow.sent().stream().anyMatch(WatchResponse::getCanceled));
    WatchResponse last = slow.sent().get(slow.sent().size() - 1);
    assertThat(last.getCanceled()).isTrue();
    assertThat(last.getCancelReason()).isEqualTo(WatchHub.SLOW_CONSUMER);
    // what it did get is a gap-free prefix
    List<Long> got = revisions(slow.sent());
    assertThat(got)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, got.size()).boxed().toList());
    assertThat(revisions(fast.sent())).hasSize(20);
  }

  @Test
  void progressNotificationsCarryTheRevisionOfIdleWatches() {
    history.commit("k1");
    start(Duration.ofMillis(100), 100);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    hub.request(stream, create(0, 0, true));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> call.sent().stream().filter(WatchHubTest::isBookmark).count() >= 2);
    assertThat(call.sent().stream().filter(WatchHubTest::isBookmark))
        .allMatch(r -> r.getHeader().getRevision() == 1);
  }

  @Test
  void aProgressRequestIsAnsweredAtOnceAndCancelEndsTheWatch() {
    start(Duration.ofMinutes(1), 100);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    hub.request(stream, create(0, 9, false));
    hub.request(
        stream,
        WatchRequest.newBuilder()
            .setProgressRequest(io.cairn.api.v1.WatchProgressRequest.getDefaultInstance())
            .build());
    await().until(() -> call.sent().stream().anyMatch(WatchHubTest::isBookmark));
    hub.request(
        stream,
        WatchRequest.newBuilder()
            .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(9))
            .build());
    await().until(() -> call.sent().stream().anyMatch(WatchResponse::getCanceled));
    int before = call.sent().size();
    history.commit("k1");
    hub.closed(stream, true);
    await().until(call::completed);
    assertThat(call.sent()).hasSize(before);
  }

  @Test
  void watchCountCountsWatchesNotStreams() {
    start(Duration.ofMinutes(1), 100);
    FakeCall call1 = new FakeCall();
    WatchStream one = hub.open(call1);
    FakeCall call2 = new FakeCall();
    WatchStream two = hub.open(call2);
    hub.request(one, create(0, 1, false));
    hub.request(one, create(0, 2, false));
    hub.request(two, create(0, 1, false));
    await().until(() -> hub.watchCount() == 3);
    hub.request(
        one,
        WatchRequest.newBuilder()
            .setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(2))
            .build());
    await().until(() -> hub.watchCount() == 2);
    hub.closed(two, true);
    await().until(() -> hub.watchCount() == 1);
    hub.close();
    assertThat(hub.watchCount()).isZero();
  }

  @Test
  void closingTheHubEndsOpenStreams() {
    start(Duration.ofMinutes(1), 100);
    FakeCall call = new FakeCall();
    WatchStream stream = hub.open(call);
    hub.request(stream, create(0, 0, false));
    await().until(() -> call.sent().size() == 1);
    hub.close();
    assertThat(call.error()).isNotNull();
  }

  private static boolean isBookmark(WatchResponse r) {
    return !r.getCreated() && !r.getCanceled() && r.getEventsCount() == 0;
  }
}
