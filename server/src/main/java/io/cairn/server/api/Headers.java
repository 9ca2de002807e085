package io.cairn.server.api;

import io.cairn.api.v1.ResponseHeader;
import io.cairn.server.replication.RaftMember;

/** Builds the header every response carries. */
public final class Headers {
  private final RaftMember member;

  public Headers(RaftMember member) {
    this.member = member;
  }

  /** A header reflecting {@code revision}. */
  public ResponseHeader of(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(member.clusterId())
        .setMemberId(member.memberId())
        .setRevision(revision)
        .setRaftTerm(member.term())
        .setLeaderId(member.leaderId().orElse(""))
        .build();
  }
}
