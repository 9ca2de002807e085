package io.cairn.client;

import java.util.List;

/**
 * Every member of the cluster, as the answering member knows them.
 *
 * @param header who answered
 * @param members the members
 */
public record MemberList(ResponseHeader header, List<Member> members) {
  public MemberList {
    members = List.copyOf(members);
  }
}
