/**
 * Histories: the {@link io.cairn.jepsen.history.Op} event record and the JSON Lines format of
 * docs/history-format.md. {@link io.cairn.jepsen.history.HistoryWriter} is the single writer of a
 * run's history (dense indexes, file order = real-time order); {@link
 * io.cairn.jepsen.history.HistoryReader} reads it back so that {@code read(write(ops))} equals the
 * indexed ops.
 */
package io.cairn.jepsen.history;
