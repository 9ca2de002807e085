package io.cairn.client;

/**
 * A cluster member.
 *
 * @param id the member id, e.g. {@code n1}
 * @param peerAddress Raft peer address, host:port
 * @param clientAddress client (gRPC) address, host:port; pass it to {@link
 *     CairnClientBuilder#endpoints(String...)}
 * @param role {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE}, {@code LISTENER} or {@code
 *     UNKNOWN}
 */
public record Member(String id, String peerAddress, String clientAddress, String role) {}
