/**
 * Cairn's replicated state machine: the log format ({@code io.cairn.statemachine.proto}), the
 * limits every proposer and validator shares ({@link io.cairn.statemachine.Limits}), the LMDB store
 * ({@code store}), the pure command semantics ({@code apply}) and the thin Ratis adapter ({@code
 * ratis}).
 *
 * <p>Contract: applying the same log entries in the same order yields the same state on every
 * replica; apply never reads a clock, a random source or local configuration.
 */
package io.cairn.statemachine;
