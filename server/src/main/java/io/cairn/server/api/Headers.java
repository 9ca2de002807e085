package io.cairn.server.api;

import io.cairn.api.v1.ResponseHeader;
import io.cairn.server.replication.RaftMember;

/** Builds the header every response carries. */
final class Headers {
  private final RaftMember member;

  Headers(RaftMember member) {
    this.member = member;
  }

  ResponseHeader of(long revision) {
    return ResponseHeader.newBuilder()
        .setClusterId(member.clusterId())
        .setMemberId(member.memberId())
        .setRevision(revision)
        .setRaftTerm(member.term())
        .setLeaderId(member.leaderId().orElse(""))
        .build();
  }
}
