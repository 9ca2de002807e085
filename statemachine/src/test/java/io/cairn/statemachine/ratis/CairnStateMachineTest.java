package io.cairn.statemachine.ratis;

import static io.cairn.statemachine.Commands.all;
import static io.cairn.statemachine.Commands.bs;
import static io.cairn.statemachine.Commands.entry;
import static io.cairn.statemachine.Commands.putCmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.Compact;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.LeaseGrant;
import io.cairn.statemachine.proto.LeaseRevoke;
import io.cairn.statemachine.proto.Put;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CairnStateMachineTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();

  /** Only getId() is used by the state machine; no real Raft server is needed. */
  private static final RaftServer SERVER =
      (RaftServer)
          Proxy.newProxyInstance(
              RaftServer.class.getClassLoader(),
              new Class<?>[] {RaftServer.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getId" -> RaftPeerId.valueOf("s1");
                    case "toString" -> "fake-server";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                  });

  @TempDir Path tmp;
  private CairnStateMachine sm;

  @BeforeEach
  void start() throws IOException {
    sm = new CairnStateMachine(tmp.resolve("lmdb"), SyncMode.NO_SYNC);
    assertThat(sm.getLastAppliedTermIndex()).isNotNull(); // Ratis reads it before initialize
    sm.initialize(SERVER, GROUP, null);
  }

  @AfterEach
  void stop() throws IOException {
    sm.close();
  }

  private static LogEntryProto logEntry(long term, long index, ByteString data) {
    return LogEntryProto.newBuilder()
        .setTerm(term)
        .setIndex(index)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(data))
        .build();
  }

  /**
   * Applies like a follower (the payload comes from the log entry), then waits for the commit: the
   * reply may come first.
   */
  private EntryResult apply(CairnStateMachine target, long term, long index, Entry e)
      throws Exception {
    TransactionContext trx =
        target.startTransaction(
            logEntry(term, index, RatisBytes.toShaded(e)), RaftPeerRole.FOLLOWER);
    EntryResult r = RatisBytes.parse(target.applyTransaction(trx).get(), EntryResult.parser());
    awaitCommitted(target, index);
    return r;
  }

  private static void awaitCommitted(CairnStateMachine target, long index) throws Exception {
    target.queryStale(RatisBytes.toMessage(all()), index).get(30, TimeUnit.SECONDS);
  }

  private QueryResult query(CairnStateMachine target) throws Exception {
    return RatisBytes.parse(target.query(RatisBytes.toMessage(all())).get(), QueryResult.parser());
  }

  private static RaftClientRequest request(Message message) {
    return RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("s1"))
        .setGroupId(GROUP)
        .setCallId(1)
        .setMessage(message)
        .setType(RaftClientRequest.writeRequestType())
        .build();
  }

  @Test
  void freshStateMachineRunsWithNothingApplied() throws IOException {
    assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
    assertThat(sm.getLastAppliedTermIndex().getIndex()).isEqualTo(-1);
    assertThat(sm.getLatestSnapshot()).isNull();
    assertThat(sm.takeSnapshot()).isEqualTo(-1);
    assertThat(sm.getStateMachineStorage()).isSameAs(sm.getStateMachineStorage());
  }

  @Test
  void applyAdvancesLastAppliedAndTakeSnapshotReportsTheDurableIndex() throws Exception {
    EntryResult r = apply(sm, 2, 5, entry(1, List.of(putCmd("a", "1"), putCmd("b", "2"))));
    assertThat(r.getResultsList()).extracting(c -> c.getRevision()).containsExactly(1L, 2L);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 5));
    assertThat(query(sm).getRange().getCount()).isEqualTo(2);

    assertThat(sm.takeSnapshot()).isEqualTo(5);
    assertThat(sm.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(2, 5));
    assertThat(sm.getLatestSnapshot().getFiles()).isEmpty();
    assertThat(sm.getStateMachineStorage().getLatestSnapshot()).isSameAs(sm.getLatestSnapshot());
  }

  @Test
  void leaderCachesTheParsedEntryAndRejectsBadProposalsWithoutSteppingDown() throws Exception {
    Entry e = entry(1, List.of(putCmd("a", "1")));
    TransactionContext ok = sm.startTransaction(request(RatisBytes.toMessage(e)));
    assertThat(ok.getException()).isNull();
    assertThat(ok.getStateMachineContext()).isEqualTo(e);

    TransactionContext garbage =
        sm.startTransaction(request(Message.valueOf(ByteString.copyFromUtf8("\u00ff\u00ff"))));
    assertThat(garbage.getException())
        .isInstanceOfSatisfying(
            StateMachineException.class, ex -> assertThat(ex.leaderShouldStepDown()).isFalse());

    Entry future = e.toBuilder().setFormat(9).build();
    TransactionContext unknown = sm.startTransaction(request(RatisBytes.toMessage(future)));
    assertThat(unknown.getException()).hasMessageContaining("unsupported log format 9");
  }

  @Test
  void restartResumesFromTheStoredIndexAndSkipsReplayedEntries() throws Exception {
    Entry first = entry(1, List.of(putCmd("a", "1")));
    apply(sm, 1, 3, first);
    apply(sm, 1, 4, entry(1, List.of(putCmd("b", "2"))));
    sm.close();

    sm = new CairnStateMachine(tmp.resolve("lmdb"), SyncMode.NO_SYNC);
    sm.initialize(SERVER, GROUP, null);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 4));
    assertThat(sm.getLatestSnapshot().getIndex()).isEqualTo(4);

    EntryResult replayed = apply(sm, 1, 3, first);
    assertThat(replayed.getResultsList()).isEmpty();
    assertThat(sm.store().revision()).isEqualTo(2);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 4));
  }

  @Test
  void pauseAndReinitializeReloadTheStoreAndInstallAStagedCopy() throws Exception {
    apply(sm, 1, 1, entry(1, List.of(putCmd("mine", "1"))));
    Path staged = tmp.resolve("staged");
    try (LmdbStore leader = LmdbStore.open(tmp.resolve("leader"), SyncMode.NO_SYNC)) {
      Entry e = entry(1, List.of(putCmd("theirs", "1"), putCmd("theirs", "2")));
      leader.applyBatch(List.of(new LoggedEntry(3, 40, e)));
      leader.copyCompactTo(staged);
    }

    sm.pause();
    assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.PAUSED);
    sm.stageInstall(staged);
    sm.reinitialize();
    assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.RUNNING);
    assertThat(sm.getLatestSnapshot().getTermIndex()).isEqualTo(TermIndex.valueOf(3, 40));
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(3, 40));
    assertThat(query(sm).getRange().getKvsList())
        .extracting(kv -> kv.getKey().toStringUtf8())
        .containsExactly("theirs");
    assertThat(sm.store().revision()).isEqualTo(2);

    sm.pause();
    sm.reinitialize(); // nothing staged: reopens the same state
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(3, 40));
  }

  @Test
  void staleQueryWaitsUntilTheMinimumIndexIsApplied() throws Exception {
    apply(sm, 1, 1, entry(1, List.of(putCmd("a", "1"))));
    CompletableFuture<Message> now = sm.queryStale(RatisBytes.toMessage(all()), 1);
    assertThat(now).isCompleted();

    CompletableFuture<Message> later = sm.queryStale(RatisBytes.toMessage(all()), 3);
    apply(sm, 1, 2, entry(1, List.of(putCmd("b", "1"))));
    assertThat(later).isNotDone();
    apply(sm, 1, 3, entry(1, List.of(putCmd("c", "1"))));
    assertThat(RatisBytes.parse(later.get(), QueryResult.parser()).getRange().getCount())
        .isEqualTo(3);

    CompletableFuture<Message> never = sm.queryStale(RatisBytes.toMessage(all()), 99);
    sm.close();
    assertThatThrownBy(never::get).isInstanceOf(ExecutionException.class);
    assertThat(sm.getLifeCycleState()).isEqualTo(LifeCycle.State.CLOSED);
  }

  @Test
  void applyFailureCompletesTheFutureExceptionallyInsteadOfThrowing() throws Exception {
    Entry emptyKey = entry(1, List.of(putCmd("", "1")));
    TransactionContext trx =
        sm.startTransaction(logEntry(1, 1, RatisBytes.toShaded(emptyKey)), RaftPeerRole.FOLLOWER);
    CompletableFuture<Message> f = sm.applyTransaction(trx);
    assertThatThrownBy(f::get).hasCauseInstanceOf(StateMachineException.class);
    awaitCommitted(sm, 1);
    assertThat(sm.getLastAppliedTermIndex().getIndex()).isEqualTo(1);
    assertThat(sm.store().revision()).isZero();
    // The store still works for the next entry.
    apply(sm, 1, 2, entry(1, List.of(putCmd("a", "1"))));
    assertThat(sm.store().revision()).isEqualTo(1);
  }

  @Test
  void aReadIssuedAfterAReplySeesTheWriteEvenBeforeItsCommit() throws Exception {
    for (int i = 1; i <= 200; i++) {
      Entry e = entry(1, List.of(putCmd("k" + i, "v")));
      TransactionContext trx =
          sm.startTransaction(logEntry(1, i, RatisBytes.toShaded(e)), RaftPeerRole.FOLLOWER);
      sm.applyTransaction(trx).get(); // no wait for the commit
      assertThat(query(sm).getRange().getCount()).as("after reply %d", i).isEqualTo(i);
    }
  }

  @Test
  void entriesQueuedTogetherApplyInOrderAndEachGetsItsOwnResult() throws Exception {
    List<CompletableFuture<Message>> replies = new java.util.ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      Entry e = entry(1, List.of(putCmd("same", "v" + i)));
      replies.add(
          sm.applyTransaction(
              sm.startTransaction(logEntry(1, i, RatisBytes.toShaded(e)), RaftPeerRole.FOLLOWER)));
    }
    sm.notifyTermIndexUpdated(1, 301); // a configuration entry: advances in order
    for (int i = 0; i < replies.size(); i++) {
      EntryResult r = RatisBytes.parse(replies.get(i).get(), EntryResult.parser());
      assertThat(r.getResults(0).getRevision()).isEqualTo(i + 1);
    }
    awaitCommitted(sm, 301);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(1, 301));
    assertThat(query(sm).getRange().getKvs(0).getValue().toStringUtf8()).isEqualTo("v300");
    assertThat(sm.takeSnapshot()).isEqualTo(300); // the store's index; 301 is not a store entry
  }

  @Test
  void aConfigurationEntryReturnsOnlyOnceEveryEntryBeforeItIsCommitted() throws Exception {
    // Ratis announces a configuration entry's index as applied right after this call, and a
    // ReadIndex read at that index then queries: a queued backlog must be in the store by then.
    for (int i = 1; i <= 500; i++) {
      Entry e = entry(1, List.of(putCmd("k" + i, "v")));
      sm.applyTransaction(
          sm.startTransaction(logEntry(1, i, RatisBytes.toShaded(e)), RaftPeerRole.FOLLOWER));
    }
    sm.notifyTermIndexUpdated(2, 501);
    assertThat(sm.getLastAppliedTermIndex()).isEqualTo(TermIndex.valueOf(2, 501));
    assertThat(sm.store().revision()).isEqualTo(500);
  }

  @Test
  void badQueryFailsTheFuture() {
    CompletableFuture<Message> f =
        sm.query(Message.valueOf(ByteString.copyFromUtf8("\u00ff\u00ff")));
    assertThat(f).isCompletedExceptionally();
  }

  @Test
  void listenersHearEachFreshEntryInOrderButNoReplayedOne() throws Exception {
    List<String> heard = new java.util.ArrayList<>();
    StateListener listener =
        new StateListener() {
          @Override
          public void committed(long revision, List<Event> events) {
            heard.add("committed " + revision + " " + events.size());
          }

          @Override
          public void leaseGranted(long id, long ttlSeconds) {
            heard.add("granted " + id + " " + ttlSeconds);
          }

          @Override
          public void leaseRevoked(long id) {
            heard.add("revoked " + id);
          }

          @Override
          public void compacted(long compactRevision) {
            heard.add("compacted " + compactRevision);
          }
        };
    sm.addListener(listener);
    Command grant =
        Command.newBuilder()
            .setLeaseGrant(LeaseGrant.newBuilder().setId(7).setTtlSeconds(30))
            .build();
    Command leased =
        Command.newBuilder()
            .setPut(Put.newBuilder().setKey(bs("k")).setValue(bs("v")).setLease(7))
            .build();
    apply(sm, 1, 1, entry(1, List.of(putCmd("a", "1"), grant, leased)));
    Command revoke = Command.newBuilder().setLeaseRevoke(LeaseRevoke.newBuilder().setId(7)).build();
    Command compact = Command.newBuilder().setCompact(Compact.newBuilder().setRevision(2)).build();
    apply(sm, 1, 2, entry(1, List.of(revoke, compact)));
    apply(sm, 1, 2, entry(1, List.of(putCmd("replayed", "1")))); // already applied: silent
    apply(sm, 1, 3, entry(1, List.of(putCmd("a", "1").toBuilder().setSessionId(0).build())));
    sm.removeListener(listener);
    apply(sm, 1, 4, entry(1, List.of(putCmd("b", "1"))));

    assertThat(heard)
        .containsExactly(
            "committed 2 2",
            "granted 7 30",
            "committed 3 1",
            "revoked 7",
            "compacted 2",
            "committed 4 1");
    assertThat(sm.currentRevision()).isEqualTo(5);
    assertThat(sm.compactRevision()).isEqualTo(2);
    EventBatch batch = sm.readEvents(3, 10);
    assertThat(batch.lastRevision()).isEqualTo(5);
    assertThat(batch.compactRevision()).isEqualTo(2);
    assertThat(batch.events())
        .extracting(e -> e.getType() + " " + e.getKv().getKey().toStringUtf8())
        .containsExactly("DELETE k", "PUT a", "PUT b");
    assertThat(sm.readEvents(2, 10).events()).isEmpty(); // at the compacted revision: cancel
  }

  private CompletableFuture<Message> applyAsLeader(long index, Entry e) {
    return sm.applyTransaction(
        sm.startTransaction(logEntry(1, index, RatisBytes.toShaded(e)), RaftPeerRole.LEADER));
  }

  /** Applies puts until the apply thread holds answered ones in an open txn; the last index. */
  private long applyUntilDeferring() {
    // The member is leader until told otherwise; a second after its last read it defers commits.
    AtomicLong index = new AtomicLong();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              long i = index.incrementAndGet();
              applyAsLeader(i, entry(1, List.of(putCmd("k" + i, "v")))).get(); // answered
              return sm.deferringCommit(); // and its txn held open for more
            });
    return index.get();
  }

  @Test
  void aLeaderNobodyReadsFromAnswersBeforeItsDeferredCommitAndAReadGetsTheCommitAtOnce()
      throws Exception {
    AtomicLong index = new AtomicLong(applyUntilDeferring());
    assertThat(sm.store().appliedTermIndex().index()).isLessThan(index.get());

    // The read waits for the commit of every answered entry, and asks for it: well within the
    // deferral's own limit, which a slow machine could also reach, so only the count is asserted.
    assertThat(query(sm).getRange().getCount()).isEqualTo(index.get());
    assertThat(sm.store().appliedTermIndex().index()).isEqualTo(index.get());
  }

  @Test
  void aFailedEntryInADeferredTxnLosesNoneOfTheAnswersBeforeIt() throws Exception {
    long last = applyUntilDeferring();
    // An empty key fails inside the open txn: LMDB drops the whole txn, answered entries too.
    CompletableFuture<Message> bad = applyAsLeader(last + 1, entry(1, List.of(putCmd("", "x"))));
    assertThatThrownBy(bad::get).hasCauseInstanceOf(StateMachineException.class);
    applyAsLeader(last + 2, entry(1, List.of(putCmd("after", "v")))).get();

    assertThat(query(sm).getRange().getCount()).isEqualTo(last + 1);
    assertThat(sm.store().appliedTermIndex().index()).isEqualTo(last + 2);
    assertThat(sm.store().revision()).isEqualTo(last + 1);
  }
}
