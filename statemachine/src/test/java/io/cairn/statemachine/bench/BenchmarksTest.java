package io.cairn.statemachine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.ratis.RatisBytes;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import java.nio.file.Files;
import java.util.List;
import java.util.function.ToLongBiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs every benchmark method once through its setup and teardown, without JMH, and checks it. */
class BenchmarksTest {
  /** One store-apply benchmark method and what one call of it must do. */
  private record Shape(
      ToLongBiFunction<StoreApplyBenchmark, StoreApplyBenchmark.Counts> method,
      boolean batched,
      boolean oneTxn) {}

  private static final List<Shape> SHAPES =
      List.of(
          new Shape(StoreApplyBenchmark::oneEntryOfN, true, true),
          new Shape(StoreApplyBenchmark::nEntriesEachOwnTxn, false, false),
          new Shape(StoreApplyBenchmark::nEntriesOneTxn, false, true));

  @ParameterizedTest
  @ValueSource(ints = {1, 16})
  void everyStoreApplyShapeAppliesItsCommands(int batch) throws Exception {
    StoreApplyBenchmark bench = new StoreApplyBenchmark();
    bench.batch = batch;
    bench.sync = SyncMode.NO_META_SYNC;
    bench.sessions = 4; // shared sessions: several commands of one session per entry
    bench.open();
    try {
      for (Shape shape : SHAPES) {
        StoreApplyBenchmark.Counts counts = new StoreApplyBenchmark.Counts();
        long before = bench.store.revision();
        bench.prepare();
        List<LoggedEntry> applied = shape.batched() ? bench.oneEntry : bench.singles;

        long returned = shape.method().applyAsLong(bench, counts);

        assertThat(bench.store.revision()).isEqualTo(before + batch).isEqualTo(returned);
        assertThat(bench.store.appliedTermIndex().index())
            .isEqualTo(applied.get(applied.size() - 1).index());
        assertThat(counts.commands).isEqualTo(batch);
        assertThat(counts.entries).isEqualTo(applied.size());
        assertThat(counts.txns).isEqualTo(shape.oneTxn() ? 1 : batch);
      }
    } finally {
      bench.close();
    }
    assertThat(Files.exists(bench.dir)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 256})
  void codecRoundTripsEntryAndResult(int commands) throws Exception {
    CommandCodecBenchmark bench = new CommandCodecBenchmark();
    bench.commands = commands;
    bench.valueBytes = 100;
    bench.build();

    assertThat(bench.entry.getCommandsCount()).isEqualTo(commands);
    assertThat(bench.result.getResultsCount()).isEqualTo(commands);
    assertThat(bench.decodeEntry()).isEqualTo(bench.entry);
    assertThat(bench.decodeResult()).isEqualTo(bench.result);
    assertThat(RatisBytes.parse(bench.encodeEntry(), Entry.parser())).isEqualTo(bench.entry);
    assertThat(RatisBytes.parse(bench.encodeResult(), EntryResult.parser()))
        .isEqualTo(bench.result);
    assertThat(bench.entry.getCommands(0).getPut().getValue().size()).isEqualTo(100);
    assertThat(bench.entry.getCommands(0).getPut().getKey().size()).isEqualTo(Workload.KEY_BYTES);
  }
}
