package io.cairn.client;

/**
 * Who answered and at which point of the history: every result carries one.
 *
 * @param clusterId the cluster's id (the Raft group id)
 * @param memberId the answering member, e.g. {@code n1}
 * @param revision the store revision the answer reflects; pass it back as {@link
 *     GetOptions.Builder#minRevision(long)} to read your own writes from any member
 * @param raftTerm the Raft term the answering member saw
 * @param leaderId the leader as the answering member knew it, empty when unknown
 */
public record ResponseHeader(
    String clusterId, String memberId, long revision, long raftTerm, String leaderId) {}
