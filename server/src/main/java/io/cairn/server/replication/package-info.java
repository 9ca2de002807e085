/**
 * Replication: Ratis wiring, the write proposer and the read path.
 *
 * <p>{@link io.cairn.server.replication.RatisProposer} batches concurrent commands into Raft
 * entries and maps each entry's results back to the callers; {@link
 * io.cairn.server.replication.ReadPath} serves linearizable reads through Ratis ReadIndex (on any
 * member) and serializable reads from local state. Every failure leaves this package as a {@link
 * io.cairn.server.replication.ReplicationFailure} whose kind says whether a write may have applied;
 * the api layer maps kinds to gRPC statuses. Nothing here runs on a gRPC thread for longer than
 * queueing a request.
 */
package io.cairn.server.replication;
