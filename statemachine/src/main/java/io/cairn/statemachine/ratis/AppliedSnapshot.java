package io.cairn.statemachine.ratis;

import java.util.List;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;

/** The LMDB environment as a snapshot: just its durable applied (term, index), no files. */
record AppliedSnapshot(TermIndex termIndex) implements SnapshotInfo {
  @Override
  public TermIndex getTermIndex() {
    return termIndex;
  }

  @Override
  public List<FileInfo> getFiles() {
    return List.of();
  }
}
