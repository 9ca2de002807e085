package io.cairn.statemachine.bench;

import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.store.EntryApplied;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code batch} put commands applied to an LMDB store through {@link LmdbStore#applyBatch}, the
 * call {@code CairnStateMachine.applyTransaction} makes, in three shapes:
 *
 * <ul>
 *   <li>{@link #oneEntryOfN}: one entry of N commands in one write txn (proposal batching; what the
 *       state machine does with a batched entry);
 *   <li>{@link #nEntriesEachOwnTxn}: N entries of one command, one write txn each (no batching;
 *       today's one-entry-per-txn apply);
 *   <li>{@link #nEntriesOneTxn}: the same N entries in one write txn (group apply).
 * </ul>
 *
 * The primary score counts invocations; the {@code commands}, {@code entries} and {@code txns}
 * secondary scores are per second, so 1/commands is the apply cost of one command. Commits fsync
 * like production ({@code sync=NO_META_SYNC}); {@code -p sync=NO_SYNC} leaves the fsync out and
 * shows the CPU part. The store lives in a fresh directory under {@code -Dcairn.bench.dir} (default
 * {@code java.io.tmpdir}, which must be a real disk for the fsync to mean anything).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StoreApplyBenchmark {
  @Param({"1", "16", "128", "256"})
  public int batch;

  @Param({"NO_META_SYNC"})
  public SyncMode sync;

  /** Client sessions the commands rotate through: 256 = one per caller, 4 = four shared clients. */
  @Param({"256"})
  public int sessions = 256;

  Path dir;
  LmdbStore store;
  private Workload workload;
  private long index;
  private long leaderTimeMs = 1_700_000_000_000L;
  List<LoggedEntry> oneEntry;
  List<LoggedEntry> singles;

  /** Per-second counts JMH reports next to the invocation rate. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counts {
    public long commands;
    public long entries;
    public long txns;

    @Setup(Level.Iteration)
    public void reset() {
      commands = 0;
      entries = 0;
      txns = 0;
    }
  }

  @Setup(Level.Trial)
  public void open() throws IOException {
    Path parent =
        Path.of(System.getProperty("cairn.bench.dir", System.getProperty("java.io.tmpdir")));
    dir = Files.createTempDirectory(parent, "cairn-jmh-store-");
    store = LmdbStore.open(dir, sync);
    workload = new Workload(42, 100, sessions);
    index = 0;
  }

  /** Builds the next commands outside the measurement: the leader hands apply a parsed entry. */
  @Setup(Level.Invocation)
  public void prepare() {
    leaderTimeMs++;
    oneEntry = List.of(new LoggedEntry(1, ++index, workload.nextEntry(batch, leaderTimeMs)));
    List<LoggedEntry> s = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      Entry e = workload.nextEntry(1, leaderTimeMs);
      s.add(new LoggedEntry(1, ++index, e));
    }
    singles = s;
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    deleteRecursively(dir);
  }

  @Benchmark
  public long oneEntryOfN(Counts counts) {
    long revision = last(store.applyBatch(oneEntry)).revision();
    counts.commands += batch;
    counts.entries++;
    counts.txns++;
    return revision;
  }

  @Benchmark
  public long nEntriesEachOwnTxn(Counts counts) {
    long revision = 0;
    for (LoggedEntry e : singles) {
      revision = last(store.applyBatch(List.of(e))).revision();
    }
    counts.commands += batch;
    counts.entries += batch;
    counts.txns += batch;
    return revision;
  }

  @Benchmark
  public long nEntriesOneTxn(Counts counts) {
    long revision = last(store.applyBatch(singles)).revision();
    counts.commands += batch;
    counts.entries += batch;
    counts.txns++;
    return revision;
  }

  private static EntryApplied last(List<EntryApplied> applied) {
    return applied.get(applied.size() - 1);
  }

  static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
