package io.cairn.client;

/** What a read may return. */
public enum ReadConsistency {
  /** Reflects every write acknowledged before the read began, on whichever member answers. */
  LINEARIZABLE,
  /** The answering member's local state: possibly stale, but needs no round to the leader. */
  SERIALIZABLE
}
