package io.cairn.client;

/**
 * One member's own view of itself.
 *
 * @param endpoint the endpoint that was asked
 * @param header who answered
 * @param version the member's Cairn version
 * @param role {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, {@code LISTENER} or {@code
 *     UNKNOWN}
 * @param raftIndex last Raft log index the member knows committed
 * @param raftAppliedIndex last Raft log index the member applied
 * @param dbSize size of the member's data file in bytes
 * @param leaderClientAddress the leader's client address, empty when unknown
 */
public record EndpointStatus(
    String endpoint,
    ResponseHeader header,
    String version,
    String role,
    long raftIndex,
    long raftAppliedIndex,
    long dbSize,
    String leaderClientAddress) {}
