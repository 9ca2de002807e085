package io.cairn.server.replication;

/** A member's Raft role as this node sees it. */
public enum MemberRole {
  LEADER,
  FOLLOWER,
  CANDIDATE,
  LISTENER,
  UNKNOWN
}
