package io.cairn.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.Op;
import io.cairn.client.TxnResult;
import io.cairn.client.concurrency.CairnElection;
import io.cairn.client.concurrency.CairnLock;
import io.cairn.client.concurrency.CairnSession;
import io.cairn.client.concurrency.Leadership;
import io.cairn.client.concurrency.LockHandle;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock and election recipes against a real cluster. */
class LockIT {
  private static final Bytes COUNTER = Bytes.utf8("counter");

  @TempDir Path tmp;

  record Hold(long start, long end, long token) {}

  @Test
  void lockHoldersNeverOverlapAndEveryFencedIncrementApplies() throws Exception {
    int workers = 3;
    int rounds = 8;
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      cluster.client().blocking().put(COUNTER, Bytes.utf8("0"));
      List<Hold> holds = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          CairnClient client = cluster.client();
          done.add(pool.submit(() -> work(client, rounds, holds)));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
      }

      assertThat(cluster.client().blocking().get(COUNTER).first().orElseThrow().value().toUtf8())
          .isEqualTo(Integer.toString(workers * rounds));
      List<Hold> sorted = holds.stream().sorted(Comparator.comparingLong(Hold::start)).toList();
      assertThat(sorted).hasSize(workers * rounds);
      for (int i = 1; i < sorted.size(); i++) {
        assertThat(sorted.get(i).start())
            .as("hold %d starts after %d ends", i, i - 1)
            .isGreaterThan(sorted.get(i - 1).end());
        assertThat(sorted.get(i).token()).isGreaterThan(sorted.get(i - 1).token());
      }
    }
  }

  private static Void work(CairnClient client, int rounds, List<Hold> holds) {
    BlockingCairnClient blocking = client.blocking();
    try (CairnSession session = CairnSession.create(client, 10)) {
      CairnLock lock = new CairnLock(session);
      for (int i = 0; i < rounds; i++) {
        try (LockHandle handle = lock.lock("locks/counter")) {
          long start = System.nanoTime();
          long value = Long.parseLong(blocking.get(COUNTER).first().orElseThrow().value().toUtf8());
          TxnResult r =
              blocking.txn(
                  t ->
                      t.when(handle.isHeld())
                          .then(Op.put(COUNTER, Bytes.utf8(Long.toString(value + 1)))));
          assertThat(r.succeeded()).as("fenced write by the holder").isTrue();
          holds.add(new Hold(start, System.nanoTime(), handle.fencingToken()));
        }
      }
    }
    return null;
  }

  @Test
  void aLockHeldByAnotherSessionIsReleasedWhenThatSessionEnds() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      CairnSession first = CairnSession.create(cluster.client(), 10);
      CairnSession second = CairnSession.create(cluster.client(), 10);
      LockHandle held = new CairnLock(first).lock("locks/x");
      CompletableFuture<LockHandle> waiting = new CairnLock(second).lockAsync("locks/x");
      assertThat(waiting).isNotDone();
      first.close(); // revokes the lease: its lock key goes
      LockHandle next = waiting.get(30, TimeUnit.SECONDS);
      assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
      // The stale holder's fenced write fails.
      assertThat(
              cluster
                  .client()
                  .blocking()
                  .txn(t -> t.when(held.isHeld()).then(Op.put(COUNTER, Bytes.utf8("stale"))))
                  .succeeded())
          .isFalse();
      next.unlock();
      second.close();
    }
  }

  @Test
  void electionHandsLeadershipOverInLineOrder() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      CairnSession s1 = CairnSession.create(cluster.client(), 10);
      CairnSession s2 = CairnSession.create(cluster.client(), 10);
      CairnElection e1 = new CairnElection(s1, "elect/main");
      CairnElection e2 = new CairnElection(s2, "elect/main");
      List<Optional<String>> observed = new CopyOnWriteArrayList<>();
      try (var observer = e1.observe(l -> observed.add(l.map(kv -> kv.value().toUtf8())))) {
        // The observer reports the state of its first read (no leader yet) before any campaign.
        org.awaitility.Awaitility.await().until(() -> !observed.isEmpty());
        Leadership one = e1.campaign(Bytes.utf8("one"));
        CompletableFuture<Leadership> two = e2.campaignAsync(Bytes.utf8("two"));
        assertThat(e2.leader().orElseThrow().value().toUtf8()).isEqualTo("one");
        assertThat(one.proclaim(Bytes.utf8("one-b"))).isTrue();
        assertThat(two).isNotDone();
        assertThat(one.resign()).isTrue();
        Leadership second = two.get(30, TimeUnit.SECONDS);
        assertThat(second.fencingToken()).isGreaterThan(one.fencingToken());
        assertThat(e1.leader().orElseThrow().value().toUtf8()).isEqualTo("two");
        assertThat(one.proclaim(Bytes.utf8("late"))).isFalse();
        org.awaitility.Awaitility.await().until(() -> observed.contains(Optional.of("two")));
        assertThat(observed)
            .containsSubsequence(
                Optional.empty(), Optional.of("one"), Optional.of("one-b"), Optional.of("two"));
      }
      s1.close();
      s2.close();
    }
  }
}
