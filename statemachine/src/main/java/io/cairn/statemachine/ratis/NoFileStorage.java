package io.cairn.statemachine.ratis;

import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;

/**
 * Ratis's snapshot storage, unused: the live LMDB environment is the snapshot, and nothing may live
 * under Ratis's {@code sm/} directory (an install renames over it).
 */
final class NoFileStorage implements StateMachineStorage {
  private final CairnStateMachine owner;

  NoFileStorage(CairnStateMachine owner) {
    this.owner = owner;
  }

  @Override
  public void init(RaftStorage storage) {}

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return owner.getLatestSnapshot();
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) {}
}
