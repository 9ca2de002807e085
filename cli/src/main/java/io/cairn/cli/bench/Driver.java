package io.cairn.cli.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs callers against targets: each caller has one op in flight and sends the next when it
 * completes (closed loop), or, with a rate, at its next intended send time or at once when it is
 * already late (open loop; latency counts from the intended time). Callers spread round-robin over
 * the targets (connections). No thread per caller: the next op is sent from the completion
 * callback, so hundreds of callers cost no threads.
 */
final class Driver {
  /** Sends one op; {@code at} is its intended send time (System.nanoTime()). */
  interface Operation {
    CompletableFuture<?> issue(BenchTarget target, Caller caller, long at);
  }

  /** Per-caller state the workload generator may use (touched by one op at a time). */
  static final class Caller {
    final int index;
    final SplittableRandom random;
    long seq;

    Caller(int index, long seed) {
      this.index = index;
      this.random = new SplittableRandom(seed);
    }
  }

  private final List<BenchTarget> targets;
  private final int clients;
  private final long total;
  private final long durationNanos;
  private final long warmupNanos;
  private final long intervalNanos;
  private final double rate;
  private final Operation operation;
  private final boolean recordLatency;

  private final Recorder recorder = new Recorder(3);
  private final LongAdder ok = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final AtomicLong remaining = new AtomicLong();
  private volatile long measureStart;
  private volatile long deadline;
  private volatile boolean halted;
  private CountDownLatch done;
  private ScheduledExecutorService scheduler;
  private long endNanos;

  /**
   * @param total measured ops (0: run for {@code durationNanos} after the warmup)
   * @param rate total ops/s (0: closed loop)
   * @param recordLatency false when the op's own latency is not what is measured (watch writer)
   */
  Driver(
      List<BenchTarget> targets,
      int clients,
      long total,
      long durationNanos,
      long warmupNanos,
      double rate,
      Operation operation,
      boolean recordLatency) {
    this.targets = targets;
    this.clients = clients;
    this.total = total;
    this.durationNanos = durationNanos;
    this.warmupNanos = warmupNanos;
    this.rate = rate;
    this.intervalNanos = rate > 0 ? Math.max(1, (long) (clients * 1e9 / rate)) : 0;
    this.operation = operation;
    this.recordLatency = recordLatency;
  }

  /** The nanoTime at which recording starts (valid once {@link #run} started). */
  long measureStart() {
    return measureStart;
  }

  /**
   * Runs to the end; prints a progress line to {@code progress} (if not null) about once a second.
   */
  void run(PrintWriter progress) {
    run(progress, System.nanoTime());
  }

  /** Runs with {@code t0} (System.nanoTime()) as the start: the warmup ends at t0 + warmup. */
  void run(PrintWriter progress, long t0) {
    measureStart = t0 + warmupNanos;
    deadline = total > 0 ? Long.MAX_VALUE : measureStart + durationNanos;
    remaining.set(total);
    done = new CountDownLatch(clients);
    if (intervalNanos > 0) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "bench-pacer");
                t.setDaemon(true);
                return t;
              });
    }
    try {
      long seed = new SplittableRandom().nextLong();
      for (int i = 0; i < clients; i++) {
        Loop loop = new Loop(new Caller(i, seed + i), targets.get(i % targets.size()));
        loop.nextAt = t0 + (rate > 0 ? (long) (i * 1e9 / rate) : 0);
        loop.issueNext();
      }
      Progress line = progress == null ? null : new Progress(progress);
      while (!done.await(1, TimeUnit.SECONDS)) {
        if (line != null) {
          line.show(completed.sum(), errorCount(), System.nanoTime() < measureStart);
        }
      }
      if (line != null) {
        line.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      halted = true; // callers stop after their op in flight
    } finally {
      endNanos = System.nanoTime();
      if (scheduler != null) {
        scheduler.shutdownNow();
      }
    }
  }

  /** Measured seconds: from the end of the warmup to the last completion. */
  double seconds() {
    return Math.max(1e-9, (endNanos - measureStart) / 1e9);
  }

  long ok() {
    return ok.sum();
  }

  /** Every acknowledged op, warmup included. */
  long acked() {
    return acked.sum();
  }

  /** Every failed op, warmup included. */
  long failed() {
    return failed.sum();
  }

  Histogram histogram() {
    return recorder.getIntervalHistogram();
  }

  long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Measured errors by kind, sorted by kind. */
  Map<String, Long> errors() {
    Map<String, Long> m = new TreeMap<>();
    errors.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /** Counts an error that happened outside an op (e.g. a watch that ended). */
  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  private boolean stop(long at, long now) {
    if (halted) {
      return true;
    }
    if (total > 0) {
      return at >= measureStart && remaining.getAndDecrement() <= 0;
    }
    return at >= deadline || now >= deadline;
  }

  /** One caller's loop. */
  private final class Loop {
    private final Caller caller;
    private final BenchTarget target;
    long nextAt;

    Loop(Caller caller, BenchTarget target) {
      this.caller = caller;
      this.target = target;
    }

    /** Sends ops until one is in flight or scheduled; loops instead of recursing on sync ones. */
    void issueNext() {
      for (; ; ) {
        long now = System.nanoTime();
        long at = intervalNanos > 0 ? nextAt : now;
        if (stop(at, now)) {
          done.countDown();
          return;
        }
        if (intervalNanos > 0) {
          nextAt += intervalNanos;
          if (at > now) {
            scheduler.schedule(
                () -> {
                  if (send(at)) {
                    issueNext();
                  }
                },
                at - now,
                TimeUnit.NANOSECONDS);
            return;
          }
        }
        if (!send(at)) {
          return;
        }
      }
    }

    /** Sends one op; true if it already completed (the caller loops), false if in flight. */
    boolean send(long at) {
      CompletableFuture<?> f;
      try {
        f = operation.issue(target, caller, at);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      if (f.isDone()) {
        Throwable error = null;
        try {
          f.join();
        } catch (CompletionException | CancellationException e) {
          error = e;
        }
        finish(at, error);
        return true;
      }
      f.whenComplete(
          (r, e) -> {
            finish(at, e);
            issueNext();
          });
      return false;
    }

    private void finish(long at, Throwable error) {
      long end = System.nanoTime();
      completed.increment();
      if (error == null) {
        acked.increment();
      } else {
        failed.increment();
      }
      if (at < measureStart) {
        return;
      }
      if (error == null) {
        ok.increment();
        if (recordLatency) {
          recorder.recordValue(Math.max(1, (end - at) / 1000));
        }
      } else {
        errors.computeIfAbsent(target.errorKind(error), k -> new LongAdder()).increment();
      }
    }
  }

  /** The live progress line on a terminal: ops so far, current ops/s, errors. */
  private static final class Progress {
    private final PrintWriter out;
    private long lastOps;
    private long lastNanos = System.nanoTime();

    Progress(PrintWriter out) {
      this.out = out;
    }

    void show(long ops, long errors, boolean warmup) {
      long now = System.nanoTime();
      double rate = (ops - lastOps) * 1e9 / Math.max(1, now - lastNanos);
      lastOps = ops;
      lastNanos = now;
      out.printf(
          "\r%s%,d ops  %,.0f ops/s  %,d errors   ", warmup ? "(warmup) " : "", ops, rate, errors);
      out.flush();
    }

    void clear() {
      out.print("\r" + " ".repeat(72) + "\r");
      out.flush();
    }
  }
}
