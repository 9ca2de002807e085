package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcWatcherTest {
  private static final Bytes K = Bytes.utf8("k");

  private FakeWatchMembers members;
  private CairnClient client;
  private final List<WatchBatch> batches = new CopyOnWriteArrayList<>();
  private final AtomicReference<CairnException> error = new AtomicReference<>();
  private final WatchListener listener =
      new WatchListener() {
        @Override
        public void onEvents(WatchBatch batch) {
          batches.add(batch);
        }

        @Override
        public void onError(CairnException e) {
          error.set(e);
        }
      };

  @BeforeEach
  void setUp() throws Exception {
    members = new FakeWatchMembers(2);
    client = members.client();
  }

  @AfterEach
  void tearDown() {
    members.close();
  }

  private List<Long> revisions() {
    return batches.stream().map(WatchBatch::revision).toList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void resumesFromTheRevisionAfterTheLastDeliveredWithoutDuplicates() {
    for (int i = 0; i < 5; i++) {
      members.write("k");
    }
    members.replayOnResume = 3; // a resumed member repeats revisions already delivered
    Watcher w = client.watch(K, WatchOptions.builder().startRevision(2).build(), listener);
    await().until(() -> batches.size() == 4);

    members.breakStreams();
    for (int i = 0; i < 3; i++) {
      members.write("k");
    }
    await().until(() -> batches.size() == 7);
    members.cancelWatches(); // a slow-consumer cancel: also resumed
    members.write("k");
    await().until(() -> batches.size() == 8);

    assertThat(revisions()).isEqualTo(range(2, 9));
    assertThat(members.createStarts).startsWith(2L).contains(6L, 9L);
    assertThat(w.lastRevision()).isEqualTo(9);
    assertThat(error.get()).isNull();
    w.close();
    await().until(() -> w.done().isDone());
    assertThat(w.done()).isCompleted();
  }

  @Test
  void splitsResponsesIntoOneBatchPerRevisionAndKeepsTxnEventsTogether() {
    members.twoRevisionsPerResponse = true;
    members.write("a", "b");
    members.write("c");
    members.write("d", "e", "f");
    client.watch(K, WatchOptions.builder().startRevision(1).build(), listener);
    await().until(() -> batches.size() == 3);
    assertThat(batches).extracting(b -> b.events().size()).containsExactly(2, 1, 3);
    assertThat(batches.get(2).events())
        .extracting(e -> e.kv().key().toUtf8())
        .containsExactly("d", "e", "f");
    assertThat(batches.get(0).events().get(0).type()).isEqualTo(WatchEvent.Type.PUT);
  }

  @Test
  void newEventsOnlyWatchResumesAfterTheCreatedRevision() {
    members.write("k");
    members.write("k");
    client.watch(K, WatchOptions.DEFAULT, listener);
    await().until(() -> members.openStreams() == 1);
    members.breakStreams(); // nothing delivered yet: resume after the created response's revision
    members.write("k");
    await().until(() -> batches.size() == 1);
    assertThat(revisions()).containsExactly(3L);
    assertThat(members.createStarts).containsExactly(0L, 3L);
  }

  @Test
  void compactionPastTheResumePointEndsTheWatchWithCompacted() {
    for (int i = 0; i < 3; i++) {
      members.write("k");
    }
    List<WatchBatch> got = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
    client
        .watchPublisher(K, WatchOptions.builder().startRevision(1).build())
        .subscribe(collector(got, failed, sub, 3));
    await().until(() -> got.size() == 3);
    members.paused = true; // 4..6 happen but never reach the client
    for (int i = 0; i < 3; i++) {
      members.write("k");
    }
    members.compact(5);
    members.breakStreams();
    sub.get().request(10);

    await().until(() -> failed.get() != null);
    assertThat(failed.get()).isInstanceOf(CairnCompactedException.class);
    assertThat(((CairnCompactedException) failed.get()).compactRevision()).isEqualTo(5);
    assertThat(got).extracting(WatchBatch::revision).containsExactly(1L, 2L, 3L);
    assertThat(members.createStarts).containsExactly(1L, 4L);
  }

  @Test
  void watchFromACompactedRevisionFailsAtOnce() {
    members.write("k");
    members.write("k");
    members.compact(1);
    Watcher w = client.watch(K, WatchOptions.builder().startRevision(1).build(), listener);
    await().until(() -> w.done().isDone());
    assertThat(error.get()).isInstanceOf(CairnCompactedException.class);
    assertThat(batches).isEmpty();
  }

  private static Flow.Subscriber<WatchBatch> collector(
      List<WatchBatch> got,
      AtomicReference<Throwable> failed,
      AtomicReference<Flow.Subscription> sub,
      long initial) {
    return new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        sub.set(s);
        s.request(initial);
      }

      @Override
      public void onNext(WatchBatch item) {
        got.add(item);
      }

      @Override
      public void onError(Throwable t) {
        failed.set(t);
      }

      @Override
      public void onComplete() {}
    };
  }

  @Test
  void publisherDeliversOnlyWhatWasRequested() {
    for (int i = 0; i < 50; i++) {
      members.write("k");
    }
    List<WatchBatch> got = new CopyOnWriteArrayList<>();
    AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
    client
        .watchPublisher(K, WatchOptions.builder().startRevision(1).build())
        .subscribe(collector(got, new AtomicReference<>(), sub, 3));
    await().until(() -> got.size() == 3);
    // Drain the executor, then check that nothing beyond the demand arrived.
    await().during(Duration.ofMillis(300)).until(() -> got.size() == 3);
    sub.get().request(10);
    await().until(() -> got.size() == 13);
    members.breakStreams();
    sub.get().request(Long.MAX_VALUE);
    await().until(() -> got.size() == 50);
    assertThat(got).extracting(WatchBatch::revision).isEqualTo(range(1, 50));
    sub.get().cancel();
  }

  @Test
  void blockingWatchIteratesInOrderAndEndsWithTheError() {
    for (int i = 0; i < 20; i++) {
      members.write("k");
    }
    try (BlockingWatch watch =
        client.blocking().watch(K, WatchOptions.builder().startRevision(1).build())) {
      for (long r = 1; r <= 20; r++) {
        assertThat(watch.next().revision()).isEqualTo(r);
      }
      assertThat(watch.poll(Duration.ofMillis(50))).isEmpty();
      members.write("k");
      assertThat(watch.next().revision()).isEqualTo(21);
    }
  }

  @Test
  void clientCloseEndsTheWatchWithClosed() {
    Watcher w = client.watch(K, WatchOptions.DEFAULT, listener);
    await().until(() -> members.openStreams() == 1);
    client.close();
    await().until(() -> w.done().isDone());
    assertThat(error.get()).isInstanceOf(CairnUnavailableException.class);
    assertThat(error.get().reason()).isEqualTo("CLOSED");
  }
}
