package io.cairn.cli.bench;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;

/**
 * The watch workload: {@code --watchers} watches, watcher i on key {@code i mod key-space} (spread
 * over the connections), and one writer that puts to the watched keys, closed loop or at {@code
 * --rate}. Each value carries its intended send time, so an event's latency is its receive time
 * minus that; throughput is events received per second.
 */
final class WatchRun {
  private static final long READY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final BenchConfig config;
  private final List<BenchTarget> targets;
  private final Recorder recorder = new Recorder(3);
  private final LongAdder events = new LongAdder();
  private final LongAdder expected = new LongAdder();
  private final AtomicLong lastEvent = new AtomicLong();
  private volatile long measureStart = Long.MAX_VALUE;

  WatchRun(BenchConfig config, List<BenchTarget> targets) {
    this.config = config;
    this.targets = targets;
  }

  BenchResult run(PrintWriter progress, Consumer<BenchResult> report) {
    Keys keys = new Keys(config.keySize(), config.keySpace());
    int watchers = config.watchers();
    int watched = (int) Math.min(watchers, config.keySpace());
    int[] fanout = new int[watched];
    List<AutoCloseable> watches = new ArrayList<>();
    List<AtomicBoolean> ready = new ArrayList<>();
    Driver[] driver = new Driver[1];
    try {
      for (int i = 0; i < watchers; i++) {
        int k = i % watched;
        fanout[k]++;
        AtomicBoolean up = new AtomicBoolean();
        ready.add(up);
        watches.add(
            targets
                .get(i % targets.size())
                .watch(
                    keys.key(k),
                    v -> received(v, up),
                    e -> {
                      if (driver[0] != null) {
                        driver[0].error("WATCH_" + targets.get(0).errorKind(e));
                      }
                    }));
      }
      awaitReady(keys, watched, ready);
      byte[] template = Bench.value(config.valSize(), 1);
      Driver.Operation op =
          (t, c, at) -> {
            int k = c.random.nextInt(watched);
            return t.put(keys.key(k), Bench.stamped(template, at))
                .thenRun(
                    () -> {
                      if (at >= measureStart) {
                        expected.add(fanout[k]);
                      }
                    });
          };
      // one writer
      Driver d =
          new Driver(
              targets,
              1,
              config.total(),
              config.duration().toNanos(),
              config.warmup().toNanos(),
              config.rate(),
              op,
              false);
      driver[0] = d;
      Thread starter = Thread.currentThread();
      long t0 = System.nanoTime();
      measureStart = t0 + config.warmup().toNanos();
      d.run(progress, t0);
      drain(starter);
      long end = Math.max(lastEvent.get(), measureStart);
      double seconds = Math.max(1e-9, (end - measureStart) / 1e9);
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("puts", d.ok());
      extra.put("expected_events", expected.sum());
      BenchResult result =
          BenchResult.of(
              config, events.sum(), d.errors(), seconds, recorder.getIntervalHistogram(), extra);
      report.accept(result);
      return result;
    } finally {
      for (AutoCloseable w : watches) {
        try {
          w.close();
        } catch (Exception e) {
          // closing a watch that already ended
        }
      }
    }
  }

  private void received(byte[] value, AtomicBoolean up) {
    long sent = Bench.stamp(value);
    if (sent == 0) {
      up.set(true); // the readiness marker
      return;
    }
    long now = System.nanoTime();
    if (sent >= measureStart) {
      recorder.recordValue(Math.max(1, (now - sent) / 1000));
      events.increment();
      lastEvent.accumulateAndGet(now, Math::max);
    }
  }

  /**
   * Watches start asynchronously: put a marker (send time 0) on each watched key until every
   * watcher has seen one, so the measured puts are not lost to watches still being created.
   */
  private void awaitReady(Keys keys, int watched, List<AtomicBoolean> ready) {
    byte[] marker = new byte[Math.max(Long.BYTES, config.valSize())];
    long deadline = System.nanoTime() + READY_TIMEOUT_NANOS;
    while (true) {
      List<CompletableFuture<?>> puts = new ArrayList<>();
      boolean[] needs = new boolean[watched];
      boolean all = true;
      for (int i = 0; i < ready.size(); i++) {
        if (!ready.get(i).get()) {
          needs[i % watched] = true;
          all = false;
        }
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new CliException(ExitCode.UNAVAILABLE, "the watches did not start within 30 s");
      }
      for (int k = 0; k < watched; k++) {
        if (needs[k]) {
          puts.add(targets.get(0).put(keys.key(k), marker));
        }
      }
      try {
        Bench.allOf(puts).get(30, TimeUnit.SECONDS);
        Thread.sleep(50); // let the events arrive before re-checking
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.FAILED, "interrupted");
      } catch (Exception e) {
        // a failed marker put is retried on the next round
      }
    }
  }

  /** After the writer stops: wait (bounded) for the events of acknowledged puts to arrive. */
  private void drain(Thread starter) {
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    while (events.sum() < expected.sum()
        && System.nanoTime() < deadline
        && !starter.isInterrupted()) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
