package io.cairn.statemachine.store;

/**
 * How much LMDB fsyncs per commit. The Raft log is the durability point and {@link
 * LmdbStore#sync()} runs before Ratis purges it, so neither mode loses acknowledged writes.
 */
public enum SyncMode {
  /** Data pages fsynced per commit, meta page not: a crash may undo the last commit (replayed). */
  NO_META_SYNC,
  /**
   * No fsync per commit: fastest, safe against process crashes, but an OS crash may corrupt the
   * environment. For tests and deployments that can rebuild a replica from a peer.
   */
  NO_SYNC
}
