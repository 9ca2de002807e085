/**
 * The LMDB store: every version of every key ({@code rev}, by revision), leases, the exactly-once
 * session table and the applied Raft (term, index), always written together in one LMDB write
 * transaction; and the in-memory {@code KeyIndex} (key to versions) over {@code rev}, rebuilt at
 * open, through which every read finds a key's current or past version.
 *
 * <p>Contract: knows nothing of Ratis (the build forbids the import). {@link
 * io.cairn.statemachine.store.LmdbStore#applyBatch} skips entries at or below the stored applied
 * index, so replaying the log after a restart applies nothing twice. Reads run in short read
 * transactions and never see a partly applied batch. Business outcomes are results; only storage
 * failures throw ({@link io.cairn.statemachine.store.StoreFullException} when the map is full).
 * Every applied put or delete leaves one event in history, readable until compaction; compaction is
 * logical at once (reads at or below it fail) and physical in bounded slices piggybacked on later
 * batches, resuming after a restart.
 */
package io.cairn.statemachine.store;
