/**
 * {@code cairn bench}: a load generator that drives Cairn (through {@link
 * io.cairn.client.CairnClient}) or etcd (through jetcd) with the same workload generator and the
 * same latency recorder; only the small {@link io.cairn.cli.bench.BenchTarget} differs.
 *
 * <p>Contract: callers are closed-loop (the next op is sent when the previous one completes) or,
 * with a rate, open-loop with latency measured from each op's intended send time (no coordinated
 * omission). Latencies are recorded in microseconds in an HdrHistogram; warmup ops are never
 * recorded; errors are counted by kind and never abort a run. jetcd and vert.x may be imported in
 * this package only (the module's import rule enforces it).
 */
package io.cairn.cli.bench;
