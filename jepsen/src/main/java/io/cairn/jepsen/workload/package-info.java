/**
 * Workloads: what the workers ask the cluster and how the resulting history is checked. {@code
 * register} (read/write/cas over rotating independent keys; checked for linearizability with the
 * cas-register model), {@code set} (unique adds, then a final read that must contain every
 * acknowledged add), {@code bank} (transfers through transactions; every read of all accounts must
 * sum to the constant total), {@code watch} (unique puts while one watcher per node records every
 * event; all watchers must deliver the same gap-free sequence holding every acknowledged write) and
 * {@code append} (Txn-guarded list appends; reads must be prefixes of one another and hold every
 * append acknowledged before they started). A workload is thread-safe: many workers call it at
 * once.
 */
package io.cairn.jepsen.workload;
