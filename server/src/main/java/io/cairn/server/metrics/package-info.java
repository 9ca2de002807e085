/**
 * Prometheus metrics of one node, written in the text exposition format (version 0.0.4) without a
 * client library.
 *
 * <p>{@link io.cairn.server.metrics.NodeMetrics} owns every family: per-RPC counts and latency
 * histograms from {@link io.cairn.server.metrics.RpcMetrics} (a gRPC server interceptor), Raft and
 * store gauges read at scrape time, apply and compaction activity heard as a state-machine
 * listener, and a few Ratis timers bridged by {@link io.cairn.server.metrics.RatisBridge}. Every
 * name starts with {@code cairn_}; durations are {@code _seconds}, counters end in {@code _total}.
 * Recording never blocks and never throws into the caller.
 */
package io.cairn.server.metrics;
