/**
 * The linearizability checker: WGL search with memoized (linearized set, state) configurations,
 * per-key partitions checked in parallel. Contract: LINEARIZABLE only when a linearization was
 * found for every partition; NOT_LINEARIZABLE only when the search proved none exists for some
 * partition; anything cut short (time, memory, cancellation) is UNKNOWN.
 */
package io.cairn.jepsen.checker;
