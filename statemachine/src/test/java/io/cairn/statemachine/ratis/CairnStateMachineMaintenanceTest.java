package io.cairn.statemachine.ratis;

import static io.cairn.statemachine.Commands.all;
import static io.cairn.statemachine.Commands.entry;
import static io.cairn.statemachine.Commands.putCmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.ratis.proto.RaftProtos.FollowerInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catch-up by a pulled copy (success and failed transfers) and defrag with crash recovery. */
class CairnStateMachineMaintenanceTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();
  private static final RoleInfoProto FROM_N1 =
      RoleInfoProto.newBuilder()
          .setFollowerInfo(
              FollowerInfoProto.newBuilder()
                  .setLeaderInfo(
                      ServerRpcProto.newBuilder()
                          .setId(RaftPeerProto.newBuilder().setId(ByteString.copyFromUtf8("n1")))))
          .build();

  @TempDir Path tmp;
  private Path lmdb;
  private CairnStateMachine sm;

  @BeforeEach
  void start() throws IOException {
    lmdb = tmp.resolve("data").resolve("lmdb");
    sm = new CairnStateMachine(lmdb, SyncMode.NO_SYNC);
    sm.initialize(null, GROUP, null);
    sm.store().applyBatch(List.of(new LoggedEntry(1, 5, entry(1, List.of(putCmd("mine", "1"))))));
  }

  @AfterEach
  void stop() throws IOException {
    sm.close();
  }

  @Test
  void pullsStagesAndInstallsTheLeadersCopy() throws Exception {
    Path leaderCopy = tmp.resolve("leader-copy");
    try (LmdbStore leader = LmdbStore.open(tmp.resolve("leader"), SyncMode.NO_SYNC)) {
      Entry e = entry(1, List.of(putCmd("theirs", "1")));
      leader.applyBatch(List.of(new LoggedEntry(3, 40, e)));
      leader.copyCompactTo(leaderCopy);
    }
    sm.snapshotSource(
        (leaderId, target) -> {
          assertThat(leaderId).isEqualTo("n1");
          Files.copy(LmdbStore.dataFile(leaderCopy), LmdbStore.dataFile(target));
        });

    TermIndex installed =
        sm.notifyInstallSnapshotFromLeader(FROM_N1, TermIndex.valueOf(3, 30)).get();
    assertThat(installed).isEqualTo(TermIndex.valueOf(3, 40));
    assertThat(keys()).containsExactly("mine"); // nothing changes before Ratis reinitializes

    sm.pause();
    sm.reinitialize();
    assertThat(keys()).containsExactly("theirs");
    assertThat(sm.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 40));
    assertThat(lmdb.resolveSibling("lmdb.install")).doesNotExist();
  }

  @Test
  void aFailedTransferLeavesTheOldStateIntact() throws Exception {
    sm.snapshotSource(
        (leaderId, target) -> {
          Files.write(LmdbStore.dataFile(target), new byte[] {1, 2, 3}); // partial
          throw new IOException("connection reset");
        });
    assertThatThrownBy(
            () -> sm.notifyInstallSnapshotFromLeader(FROM_N1, TermIndex.valueOf(3, 30)).get())
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("connection reset");
    assertThat(lmdb.resolveSibling("lmdb.install")).doesNotExist();

    sm.pause();
    sm.reinitialize(); // nothing was staged
    assertThat(keys()).containsExactly("mine");
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 5));
  }

  @Test
  void aCopyBehindTheLeadersLogIsRejected() throws Exception {
    Path old = tmp.resolve("old-copy");
    sm.store().copyCompactTo(old); // applied index 5
    sm.snapshotSource(
        (leaderId, target) -> Files.copy(LmdbStore.dataFile(old), LmdbStore.dataFile(target)));
    assertThatThrownBy(
            () -> sm.notifyInstallSnapshotFromLeader(FROM_N1, TermIndex.valueOf(3, 30)).get())
        .hasRootCauseMessage("copy from n1 ends at 5, its log starts at 30");
  }

  @Test
  void aMemberTheLeadersLogStillCoversCatchesUpFromTheLogWithoutACopy() throws Exception {
    // Ratis asks every member it adds, also when the leader's log starts at 0 (e.g. a cluster
    // never written to, whose copy would end at index -1: an install Ratis never sees finish).
    List<String> pulls = new java.util.ArrayList<>();
    sm.snapshotSource((leaderId, target) -> pulls.add(leaderId));
    sm.pause();
    sm.reinitialize(); // reloads the applied index (5) written straight to the store
    // a log starting at 0 or 6 has everything after index 5
    assertThat(sm.notifyInstallSnapshotFromLeader(FROM_N1, TermIndex.valueOf(1, 0)).get()).isNull();
    assertThat(sm.notifyInstallSnapshotFromLeader(FROM_N1, TermIndex.valueOf(1, 6)).get()).isNull();
    assertThat(pulls).isEmpty();
    assertThat(lmdb.resolveSibling("lmdb.install")).doesNotExist();
    sm.pause();
    sm.reinitialize(); // nothing was staged
    assertThat(keys()).containsExactly("mine");
  }

  @Test
  void copiesACrashLeftBehindAreRemovedAtStartup() throws Exception {
    Path partialInstall = lmdb.resolveSibling("lmdb.install");
    Files.createDirectories(partialInstall);
    Files.write(LmdbStore.dataFile(partialInstall), new byte[] {1, 2, 3});
    Path streamCopy = sm.newTempCopyDir();
    sm.store().copyCompactTo(streamCopy);
    assertThat(streamCopy.getParent()).isEqualTo(lmdb.getParent());
    Path unrelated = Files.createDirectories(lmdb.resolveSibling("ratis"));
    sm.close();

    sm = new CairnStateMachine(lmdb, SyncMode.NO_SYNC);
    sm.initialize(null, GROUP, null);
    assertThat(partialInstall).doesNotExist();
    assertThat(streamCopy).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(keys()).containsExactly("mine");
  }

  @Test
  void defragKeepsTheDataAndTheNextStartOpensTheCompactedStore() throws Exception {
    for (int i = 0; i < 50; i++) {
      Entry e = entry(1, List.of(putCmd("mine", "x".repeat(4000) + i)));
      sm.store().applyBatch(List.of(new LoggedEntry(1, 6 + i, e)));
    }
    CairnStateMachine.DefragResult r = sm.defrag();
    assertThat(r.sizeAfter()).isLessThan(r.sizeBefore());
    assertThat(keys()).containsExactly("mine");
    assertThat(lmdb.resolveSibling("lmdb.old")).doesNotExist();
    assertThat(lmdb.resolveSibling("lmdb.defrag")).doesNotExist();
    assertThat(Files.size(LmdbStore.dataFile(lmdb))).isEqualTo(r.sizeAfter());
  }

  @Test
  void aDefragInterruptedBetweenItsRenamesIsFinishedOnLoad() throws Exception {
    // What a crash right after "lmdb -> lmdb.old" leaves behind.
    sm.store().copyCompactTo(lmdb.resolveSibling("lmdb.defrag"));
    sm.close();
    Files.move(lmdb, lmdb.resolveSibling("lmdb.old"));

    sm = new CairnStateMachine(lmdb, SyncMode.NO_SYNC);
    sm.initialize(null, GROUP, null);
    assertThat(keys()).containsExactly("mine");
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 5));
    assertThat(lmdb.resolveSibling("lmdb.old")).doesNotExist();
    assertThat(lmdb.resolveSibling("lmdb.defrag")).doesNotExist();
  }

  private List<String> keys() throws Exception {
    QueryResult r =
        RatisBytes.parse(sm.query(RatisBytes.toMessage(all())).get(), QueryResult.parser());
    return r.getRange().getKvsList().stream().map(kv -> kv.getKey().toStringUtf8()).toList();
  }
}
