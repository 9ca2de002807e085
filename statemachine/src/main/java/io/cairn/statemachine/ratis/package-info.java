/**
 * The thin Ratis adapter: {@link io.cairn.statemachine.ratis.CairnStateMachine} decodes log entries
 * and queries, hands them to the {@code LmdbStore} and encodes the results; {@link
 * io.cairn.statemachine.ratis.RatisBytes} is the one bridge between Ratis's shaded protobuf and
 * protobuf-java.
 *
 * <p>Contract: the LMDB file is the snapshot (Ozone OM style): {@code getLatestSnapshot()} is the
 * store's durable applied (term, index), and {@code takeSnapshot()} never reports an index that is
 * not yet synced. {@code applyTransaction} never throws; failures complete its future
 * exceptionally, business outcomes travel as normal results. {@link
 * io.cairn.statemachine.ratis.StateListener}s hear each freshly applied entry on the apply thread,
 * after its commit and before its future completes, never a replayed one. {@code
 * notifyInstallSnapshotFromLeader} pulls a copy only when the leader's log starts past this
 * member's applied index; otherwise it answers null ("no snapshot": Ratis sends the log).
 */
package io.cairn.statemachine.ratis;
