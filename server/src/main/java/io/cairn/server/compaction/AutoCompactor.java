package io.cairn.server.compaction;

import io.cairn.server.ServerConfig.Retention;
import io.cairn.server.replication.Threads;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Compact;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts history on its own, leader only. By revisions: keep the last N, proposing once the
 * target moved by a tenth of N (so compactions stay rare). By period: every member samples its
 * revision each tenth of the period, and the leader compacts to the newest sample at least one
 * period old (like etcd's periodic mode; the samples survive a leader change).
 */
public final class AutoCompactor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoCompactor.class);
  private static final Duration REVISION_MODE_TICK = Duration.ofSeconds(1);

  private final String memberId;
  private final Retention retention;
  private final BooleanSupplier isLeaderReady;
  private final LongSupplier currentRevision;
  private final LongSupplier compactRevision;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final Deque<long[]> samples = new ArrayDeque<>(); // {nanos, revision}, timer thread
  private volatile boolean proposing;

  /**
   * Starts the timer unless {@code retention} is off.
   *
   * @param clock monotonic nanoseconds
   */
  public AutoCompactor(
      String memberId,
      Retention retention,
      BooleanSupplier isLeaderReady,
      LongSupplier currentRevision,
      LongSupplier compactRevision,
      Function<Command, CompletableFuture<CommandResult>> propose,
      LongSupplier clock) {
    this.memberId = memberId;
    this.retention = retention;
    this.isLeaderReady = isLeaderReady;
    this.currentRevision = currentRevision;
    this.compactRevision = compactRevision;
    this.propose = propose;
    this.clock = clock;
    if (retention.isOff()) {
      timer = null;
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Threads.daemonFactory("cairn-" + memberId + "-auto-compaction"));
    Duration tick =
        retention.revisions() > 0 ? REVISION_MODE_TICK : clamp(retention.period().dividedBy(10));
    timer.scheduleWithFixedDelay(
        this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration clamp(Duration d) {
    Duration min = Duration.ofMillis(100);
    Duration max = Duration.ofMinutes(5);
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("[{}] auto-compaction tick failed: {}", memberId, e.toString());
    }
  }

  /** One check; runs on the timer thread. */
  void tick() {
    long target = target();
    if (target <= 0 || proposing || !isLeaderReady.getAsBoolean()) {
      return;
    }
    long compacted = compactRevision.getAsLong();
    long step = retention.revisions() > 0 ? Math.max(1, retention.revisions() / 10) : 1;
    if (target < compacted + step) {
      return;
    }
    proposing = true;
    LOG.info("[{}] auto-compacting at revision {}", memberId, target);
    Command c = Command.newBuilder().setCompact(Compact.newBuilder().setRevision(target)).build();
    propose
        .apply(c)
        .whenComplete(
            (r, t) -> {
              proposing = false;
              if (t != null || r.hasFailure()) {
                LOG.debug(
                    "[{}] auto-compaction at {} failed: {}",
                    memberId,
                    target,
                    t != null ? t.toString() : r.getFailure().getReason());
              }
            });
  }

  /** The revision to compact to now, 0 if none. */
  private long target() {
    long current = currentRevision.getAsLong();
    if (retention.revisions() > 0) {
      return current - retention.revisions();
    }
    long now = clock.getAsLong();
    samples.addLast(new long[] {now, current});
    long cutoff = now - retention.period().toNanos();
    long target = 0;
    // Keep the newest sample at or before the cutoff; older ones are never needed again.
    while (!samples.isEmpty() && samples.peekFirst()[0] - cutoff <= 0) {
      target = samples.pollFirst()[1];
    }
    if (target > 0) {
      samples.addFirst(new long[] {cutoff, target});
    }
    return target;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
