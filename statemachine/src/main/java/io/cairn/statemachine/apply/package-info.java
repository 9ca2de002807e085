/**
 * The meaning of each command, free of storage and consensus: {@link
 * io.cairn.statemachine.apply.CommandApplier} executes one {@code Command} or {@code Range} against
 * a {@link io.cairn.statemachine.apply.KvView}, etcd-style (one global revision, versions per key,
 * all-or-nothing txns).
 *
 * <p>Contract: deterministic; business outcomes (failed compare, missing key) are results, never
 * exceptions; nothing here knows LMDB, Ratis or the session table.
 */
package io.cairn.statemachine.apply;
