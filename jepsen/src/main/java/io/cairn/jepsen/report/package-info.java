/**
 * The run's outputs for machines and people: {@code results.json} (verdict, per-checker details, op
 * counts, faults injected with times, faults available) and {@code report.html}, one self-contained
 * page (inline SVG, no network) with the op timeline per process and the fault windows shaded,
 * latency and throughput over time, the verdicts and any counterexample.
 */
package io.cairn.jepsen.report;
