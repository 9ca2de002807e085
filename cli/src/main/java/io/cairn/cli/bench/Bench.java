package io.cairn.cli.bench;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one {@code cairn bench} workload against N connections to a target and prints one result.
 * The workload generator here is the same for every target.
 */
public final class Bench {
  private final BenchConfig config;
  private final Supplier<CairnClient> cairnClients;

  /**
   * @param cairnClients makes one client per connection for {@code --target cairn}
   */
  public Bench(BenchConfig config, Supplier<CairnClient> cairnClients) {
    this.config = config;
    this.cairnClients = cairnClients;
  }

  /**
   * Runs the workload; returns the result. Throws a {@link CliException} when the parameters are
   * unusable (before anything is sent) or when {@code put --verify} finds a lost write (after the
   * result was printed through {@code report}).
   */
  public BenchResult run(PrintWriter progress, Consumer<BenchResult> report) {
    String problem = config.validate();
    if (problem != null) {
      throw CliException.usage(problem);
    }
    List<BenchTarget> targets = new ArrayList<>();
    try {
      for (int i = 0; i < config.conns(); i++) {
        targets.add(connect());
      }
      return switch (config.workload()) {
        case watch -> new WatchRun(config, targets).run(progress, report);
        case preload -> preload(targets, progress, report);
        default -> keyValue(targets, progress, report);
      };
    } finally {
      targets.forEach(BenchTarget::close);
    }
  }

  private BenchTarget connect() {
    if (config.target().equals("etcd")) {
      quietJul();
      return new EtcdTarget(config.endpoints(), config.timeout());
    }
    return new CairnTarget(cairnClients.get());
  }

  /** vert.x and gRPC log through java.util.logging: the bench's stderr is its own. */
  private static void quietJul() {
    if (System.getenv("CAIRN_DEBUG") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
  }

  private BenchResult keyValue(
      List<BenchTarget> targets, PrintWriter progress, Consumer<BenchResult> report) {
    Keys keys = new Keys(config.keySize(), config.keySpace());
    byte[] value = value(config.valSize(), 1);
    long keySpace = config.keySpace();
    boolean linearizable = config.linearizable();
    double readRatio = config.readRatio();
    byte[] runPrefix =
        ("v/" + Long.toHexString(new SplittableRandom().nextLong() >>> 1) + "/")
            .getBytes(StandardCharsets.US_ASCII);
    Driver.Operation op =
        switch (config.workload()) {
          case put ->
              config.verify()
                  ? (t, c, at) -> t.put(verifyKey(runPrefix, c), value)
                  : (t, c, at) -> t.put(keys.key(c.random.nextLong(keySpace)), value);
          case get -> (t, c, at) -> t.get(keys.key(c.random.nextLong(keySpace)), linearizable);
          case txn -> (t, c, at) -> t.txn(keys.key(c.random.nextLong(keySpace)), value);
          case mixed ->
              (t, c, at) -> {
                byte[] k = keys.key(c.random.nextLong(keySpace));
                return c.random.nextDouble() < readRatio ? t.get(k, linearizable) : t.put(k, value);
              };
          default -> throw new IllegalStateException("not a key-value workload");
        };
    Driver driver = driver(targets, op, config.warmup().toNanos(), true);
    driver.run(progress);
    Map<String, Object> extra = new LinkedHashMap<>();
    Long count = null;
    if (config.verify()) {
      count = targets.get(0).count(runPrefix);
      extra.put("acked", driver.acked());
      extra.put("failed", driver.failed());
      extra.put("count", count);
      extra.put("verified", driver.acked() <= count && count <= driver.acked() + driver.failed());
    }
    BenchResult result =
        BenchResult.of(
            config, driver.ok(), driver.errors(), driver.seconds(), driver.histogram(), extra);
    report.accept(result);
    if (count != null && Boolean.FALSE.equals(extra.get("verified"))) {
      throw new CliException(
          ExitCode.FAILED,
          String.format(
              "put --verify failed: %d keys under %s but %d puts acknowledged and %d failed"
                  + " (expected acked <= count <= acked + failed)",
              count,
              new String(runPrefix, StandardCharsets.US_ASCII),
              driver.acked(),
              driver.failed()));
    }
    return result;
  }

  private static byte[] verifyKey(byte[] runPrefix, Driver.Caller c) {
    return (new String(runPrefix, StandardCharsets.US_ASCII) + c.index + "/" + c.seq++)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private BenchResult preload(
      List<BenchTarget> targets, PrintWriter progress, Consumer<BenchResult> report) {
    Keys keys = new Keys(config.keySize(), config.keySpace());
    byte[] value = value(config.valSize(), 1);
    int batch = config.preloadBatch();
    long keySpace = config.keySpace();
    long chunks = (keySpace + batch - 1) / batch;
    AtomicLong nextChunk = new AtomicLong();
    LongAdder written = new LongAdder();
    Driver.Operation op =
        (t, c, at) -> {
          long first = nextChunk.getAndIncrement() * batch;
          long end = Math.min(keySpace, first + batch);
          List<byte[]> ks = new ArrayList<>((int) (end - first));
          for (long i = first; i < end; i++) {
            ks.add(keys.key(i));
          }
          return t.putAll(ks, value).thenRun(() -> written.add(end - first));
        };
    Driver driver = new Driver(targets, config.clients(), chunks, 0, 0, config.rate(), op, true);
    driver.run(progress);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("keys", written.sum());
    extra.put("txns", driver.ok());
    extra.put("batch", batch);
    BenchResult result =
        BenchResult.of(
            config, written.sum(), driver.errors(), driver.seconds(), driver.histogram(), extra);
    report.accept(result);
    return result;
  }

  private Driver driver(List<BenchTarget> targets, Driver.Operation op, long warmup, boolean rec) {
    return new Driver(
        targets,
        config.clients(),
        config.total(),
        config.duration().toNanos(),
        warmup,
        config.rate(),
        op,
        rec);
  }

  /** A value of {@code size} printable bytes, the same for every run with the same seed. */
  static byte[] value(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) ('a' + r.nextInt(26));
    }
    return v;
  }

  /** A copy of {@code template} with {@code nanos} in its first 8 bytes (watch send time). */
  static byte[] stamped(byte[] template, long nanos) {
    byte[] v = template.clone();
    ByteBuffer.wrap(v).putLong(0, nanos);
    return v;
  }

  /** The send time carried by a watch value, or -1 if it is too short. */
  static long stamp(byte[] value) {
    return value.length < Long.BYTES ? -1 : ByteBuffer.wrap(value).getLong(0);
  }

  static CompletableFuture<Void> allOf(List<CompletableFuture<?>> fs) {
    return CompletableFuture.allOf(fs.toArray(new CompletableFuture<?>[0]));
  }
}
