package io.cairn.statemachine.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.statemachine.proto.Entry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupApplyTest {
  // Longer than any test: a linger that ends did so because something ended it.
  private static final long LONG_LINGER = TimeUnit.MINUTES.toNanos(10);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<List<Long>> groups = new CopyOnWriteArrayList<>();
  // Indexes applied into the open txn and not committed yet; commits as lists of indexes.
  private final List<Long> open = new CopyOnWriteArrayList<>();
  private final List<List<Long>> commits = new CopyOnWriteArrayList<>();
  private final AtomicBoolean mayLinger = new AtomicBoolean(true);
  private final AtomicBoolean mayDefer = new AtomicBoolean(false);
  private GroupApply apply;

  /** Answers each entry when applied, as the state machine does (before the commit). */
  private final class Recorder implements GroupApply.Processor {
    @Override
    public boolean apply(List<GroupApply.Pending> group, boolean keepOpen) {
      groups.add(group.stream().map(GroupApply.Pending::index).toList());
      group.stream().filter(p -> p.entry() != null).forEach(p -> p.reply().complete(null));
      group.forEach(p -> open.add(p.index()));
      if (keepOpen) {
        return true;
      }
      commit();
      return false;
    }

    @Override
    public void commit() {
      if (!open.isEmpty()) {
        commits.add(List.copyOf(open));
        open.clear();
      }
    }
  }

  private void start() {
    start(LONG_LINGER, 0);
  }

  private void start(long lingerNanos, long deferNanos) {
    apply =
        new GroupApply(
            "test-apply", new Recorder(), lingerNanos, mayLinger::get, deferNanos, mayDefer::get);
  }

  /** A leader nobody reads from: it never lingers and may keep a txn open. */
  private void startDeferring(long deferNanos) {
    mayLinger.set(false);
    mayDefer.set(true);
    start(0, deferNanos);
  }

  @AfterEach
  void close() {
    apply.close();
  }

  private static GroupApply.Pending entry(long index) {
    return new GroupApply.Pending(1, index, Entry.getDefaultInstance(), new CompletableFuture<>());
  }

  private List<Long> applied() {
    return groups.stream().flatMap(List::stream).toList();
  }

  @Test
  void whileLingeringEntriesSubmittedInTheWindowShareOneGroup() throws Exception {
    start();
    apply.submit(entry(1));
    await().atMost(WAIT).until(apply::lingering);
    for (long i = 2; i <= 5; i++) {
      apply.submit(entry(i));
    }
    mayLinger.set(false);
    apply.hurry();

    await().atMost(WAIT).until(() -> applied().size() == 5);
    assertThat(groups).containsExactly(List.of(1L, 2L, 3L, 4L, 5L));
  }

  @Test
  void aMarkerEndsTheLingerItsSubmitterWaitsFor() throws Exception {
    start();
    apply.submit(entry(1));
    await().atMost(WAIT).until(apply::lingering);
    apply.submit(GroupApply.Pending.marker(1, 2));

    await().atMost(WAIT).until(() -> applied().equals(List.of(1L, 2L)));
  }

  @Test
  void aLingerEndsOnceEnoughEntriesWait() throws Exception {
    start();
    int n = GroupApply.LINGER_MAX_QUEUED + 1;
    apply.submit(entry(1));
    await().atMost(WAIT).until(apply::lingering);
    for (long i = 2; i <= n; i++) {
      apply.submit(entry(i));
    }

    await().atMost(WAIT).until(() -> applied().size() == n);
    assertThat(applied()).isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
  }

  @Test
  void whenLingeringIsNotAllowedEachEntryIsAppliedAtOnce() throws Exception {
    mayLinger.set(false);
    start();
    apply.submit(entry(1));
    await().atMost(WAIT).until(() -> applied().equals(List.of(1L)));
    assertThat(apply.lingering()).isFalse();
    apply.submit(entry(2));
    await().atMost(WAIT).until(() -> applied().equals(List.of(1L, 2L)));
  }

  @Test
  void closingEndsALinger() throws Exception {
    start();
    GroupApply.Pending p = entry(1);
    apply.submit(p);
    await().atMost(WAIT).until(apply::lingering);
    apply.close();

    // Applied by the lingering thread on its way out, or failed as left in the queue: not hanging.
    await().atMost(WAIT).until(() -> p.reply().isDone());
  }

  @Test
  void whileDeferringEntriesAreAnsweredAtOnceAndShareOneCommit() throws Exception {
    startDeferring(LONG_LINGER);
    List<GroupApply.Pending> entries =
        LongStream.rangeClosed(1, 3).mapToObj(i -> entry(i)).toList();
    for (GroupApply.Pending p : entries) {
      apply.submit(p);
      await().atMost(WAIT).until(() -> p.reply().isDone()); // answered without a commit
    }
    await().atMost(WAIT).until(apply::deferring);
    assertThat(commits).isEmpty();

    mayDefer.set(false);
    apply.hurry();
    await().atMost(WAIT).until(() -> commits.equals(List.of(List.of(1L, 2L, 3L))));
    assertThat(apply.deferring()).isFalse();
  }

  @Test
  void aMarkerCommitsTheOpenTxnWithItself() throws Exception {
    startDeferring(LONG_LINGER);
    apply.submit(entry(1));
    await().atMost(WAIT).until(apply::deferring);
    apply.submit(GroupApply.Pending.marker(1, 2));

    await().atMost(WAIT).until(() -> commits.equals(List.of(List.of(1L, 2L))));
  }

  @Test
  void anOpenTxnCommitsWhenItsTimeIsUp() throws Exception {
    startDeferring(TimeUnit.MILLISECONDS.toNanos(50));
    apply.submit(entry(1));

    // Nothing else happens: only the deferral's own limit can commit it.
    await().atMost(WAIT).until(() -> commits.equals(List.of(List.of(1L))));
    assertThat(apply.deferring()).isFalse();
  }

  @Test
  void closingCommitsTheOpenTxn() throws Exception {
    startDeferring(LONG_LINGER);
    apply.submit(entry(1));
    await().atMost(WAIT).until(apply::deferring);
    apply.close();

    assertThat(commits).containsExactly(List.of(1L));
  }

  @Test
  void withoutDeferringEachGroupCommitsAtOnce() throws Exception {
    mayLinger.set(false);
    start(0, LONG_LINGER); // mayDefer false
    apply.submit(entry(1));
    await().atMost(WAIT).until(() -> commits.equals(List.of(List.of(1L))));
    apply.submit(entry(2));
    await().atMost(WAIT).until(() -> commits.equals(List.of(List.of(1L), List.of(2L))));
    assertThat(apply.deferring()).isFalse();
  }
}
