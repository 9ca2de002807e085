/**
 * JMH microbenchmarks of the state machine's hot inner pieces: applying an entry to the LMDB store
 * ({@link io.cairn.statemachine.bench.StoreApplyBenchmark}) and the log codec ({@link
 * io.cairn.statemachine.bench.CommandCodecBenchmark}); {@link io.cairn.statemachine.bench.Jmh} runs
 * them (see docs/benchmarks.md).
 *
 * <p>Contract: benchmarks call the production code paths (the {@code LmdbStore.applyBatch} the
 * state machine calls, the {@code RatisBytes} conversions), never a copy of them; every benchmark
 * method returns its result so JMH consumes it. They run only by hand: {@code BenchmarksTest}
 * executes each method once under {@code mvn verify} so they cannot rot, JMH itself never runs in
 * the build.
 */
package io.cairn.statemachine.bench;
