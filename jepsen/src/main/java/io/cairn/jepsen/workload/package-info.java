/**
 * Workloads: what the workers ask the cluster and how the resulting history is checked. {@code
 * register} (read/write/cas over rotating independent keys; checked for linearizability with the
 * cas-register model), {@code set} (unique adds, then a final read that must contain every
 * acknowledged add) and {@code bank} (transfers through transactions; every read of all accounts
 * must sum to the constant total). A workload is thread-safe: many workers call it at once.
 */
package io.cairn.jepsen.workload;
