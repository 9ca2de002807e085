package io.cairn.server.bench;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Throughput and latency on an in-process 3-node cluster with 100-byte values: puts with 1 and 64
 * concurrent callers, linearizable gets with 64, and puts with 64 callers while 1000 watchers on
 * the leader receive every change. Each caller is a closed loop: it issues the next request when
 * the previous one answered.
 *
 * <p>Run (from the repository root, after {@code mvn -o -q -pl server test-compile}):
 *
 * <pre>
 * mvn -o -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -pl server \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/server-test-cp.txt
 * java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *     -cp server/target/test-classes:server/target/classes:$(cat /tmp/server-test-cp.txt) \
 *     io.cairn.server.bench.InProcessBench [SECONDS per scenario, default 10]
 * </pre>
 */
public final class InProcessBench {
  private static final int VALUE_BYTES = 100;
  private static final int KEYS = 10_000;
  private static final int WATCHERS = 1000;

  private InProcessBench() {}

  public static void main(String[] args) throws Exception {
    Duration run = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    Path base = Files.createTempDirectory("cairn-bench-");
    byte[] value = new byte[VALUE_BYTES];
    new Random(42).nextBytes(value);
    Bytes payload = Bytes.of(value);
    try (InProcessCluster cluster = InProcessCluster.start(3, base)) {
      cluster.awaitLeaderReady();
      CairnClient client = cluster.client();
      IntFunction<CompletableFuture<?>> put = i -> client.put(key(i), payload);
      IntFunction<CompletableFuture<?>> get = i -> client.get(key(i));
      measure("warm-up put", 16, Duration.ofSeconds(3), put);
      System.out.printf("%-28s %8s %10s %9s %9s%n", "scenario", "ops", "ops/s", "p50 ms", "p99 ms");
      report("put, 1 caller", measure("put", 1, run, put));
      long cpu0 = applyCpuNanos();
      Result plain = measure("put", 64, run, put);
      long cpuPlain = applyCpuNanos() - cpu0;
      report("put, 64 callers", plain);
      report("linearizable get, 64 callers", measure("get", 64, run, get));
      // The same put load with 1000 watchers on the leader: apply only hands each committed
      // batch to the watch hub, so throughput should stay close to the line above.
      String leader = cluster.leader().nodeId();
      CairnClient watching = cluster.client(leader);
      AtomicLong delivered = new AtomicLong();
      List<Watcher> watchers = new ArrayList<>();
      WatchOptions prefix = WatchOptions.builder().prefix(true).build();
      for (int w = 0; w < WATCHERS; w++) {
        watchers.add(
            watching.watch(
                Bytes.utf8("bench/"), prefix, batch -> delivered.addAndGet(batch.events().size())));
      }
      long cpu1 = applyCpuNanos();
      Result watched = measure("put", 64, run, put);
      long cpuWatched = applyCpuNanos() - cpu1;
      report("put, 64 callers, 1000 watchers", watched);
      watchers.forEach(Watcher::close);
      System.out.printf("watch events delivered: %d%n", delivered.get());
      // CPU of the Ratis apply threads (all three members) per acknowledged put.
      System.out.printf(
          "apply-thread CPU per put: %.1f us without watchers, %.1f us with %d watchers%n",
          cpuPlain / 1e3 / Math.max(1, plain.ops()),
          cpuWatched / 1e3 / Math.max(1, watched.ops()),
          WATCHERS);
    } finally {
      try (var paths = Files.walk(base)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** CPU time so far of every Ratis apply thread in this JVM (the StateMachineUpdaters). */
  private static long applyCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null && t.getThreadName().contains("StateMachineUpdater")) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static Bytes key(int i) {
    return Bytes.utf8(String.format("bench/%05d", Math.floorMod(i, KEYS)));
  }

  private record Result(long ops, long errors, double seconds, long[] latenciesNanos) {}

  private static Result measure(
      String name, int callers, Duration duration, IntFunction<CompletableFuture<?>> op)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong counter = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<long[]> perCaller = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(callers);
    long start = System.nanoTime();
    for (int c = 0; c < callers; c++) {
      Caller caller = new Caller(end, counter, errors, op, done);
      perCaller.add(null);
      int index = c;
      caller.onFinish = lat -> perCaller.set(index, lat);
      caller.next();
    }
    if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": callers did not finish");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = perCaller.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(all.length, errors.get(), seconds, all);
  }

  /** One closed-loop caller; its latencies are only touched by its own chain of callbacks. */
  private static final class Caller {
    private final long end;
    private final AtomicLong counter;
    private final AtomicLong errors;
    private final IntFunction<CompletableFuture<?>> op;
    private final CountDownLatch done;
    private long[] latencies = new long[1024];
    private int n;
    java.util.function.Consumer<long[]> onFinish;

    Caller(
        long end,
        AtomicLong counter,
        AtomicLong errors,
        IntFunction<CompletableFuture<?>> op,
        CountDownLatch done) {
      this.end = end;
      this.counter = counter;
      this.errors = errors;
      this.op = op;
      this.done = done;
    }

    void next() {
      // Loop rather than recurse when a future is already complete (e.g. a fast failure).
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
          onFinish.accept(Arrays.copyOf(latencies, n));
          done.countDown();
          return;
        }
        CompletableFuture<?> f = op.apply((int) counter.getAndIncrement());
        if (!f.isDone()) {
          f.whenComplete(
              (r, e) -> {
                record(t0, e);
                next();
              });
          return;
        }
        record(t0, f.isCompletedExceptionally() ? new RuntimeException() : null);
      }
    }

    private void record(long t0, Throwable error) {
      if (error != null) {
        errors.incrementAndGet();
        return;
      }
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = System.nanoTime() - t0;
    }
  }

  private static void report(String scenario, Result r) {
    long[] l = r.latenciesNanos();
    System.out.printf(
        "%-28s %8d %10.0f %9.2f %9.2f%s%n",
        scenario,
        r.ops(),
        r.ops() / r.seconds(),
        percentile(l, 0.50) / 1e6,
        percentile(l, 0.99) / 1e6,
        r.errors() == 0 ? "" : "  (" + r.errors() + " errors)");
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
