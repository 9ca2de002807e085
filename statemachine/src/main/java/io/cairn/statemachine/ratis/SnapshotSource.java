package io.cairn.statemachine.ratis;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a lagging follower gets a compact copy of the leader's store from. The server implements it
 * with a gRPC stream from the leader; the state machine only stages and swaps what it gets.
 */
@FunctionalInterface
public interface SnapshotSource {
  /**
   * Writes a verified copy of {@code leaderId}'s LMDB file into the empty directory {@code target}
   * (as {@link io.cairn.statemachine.store.LmdbStore#dataFile(Path)}), or throws; on a throw the
   * caller discards {@code target}.
   */
  void fetch(String leaderId, Path target) throws IOException;
}
