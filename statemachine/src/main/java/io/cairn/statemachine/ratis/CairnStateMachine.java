package io.cairn.statemachine.ratis;

import io.cairn.statemachine.Limits;
import io.cairn.statemachine.LogFormat;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.store.EntryApplied;
import io.cairn.statemachine.store.EventHistory;
import io.cairn.statemachine.store.LeaseChange;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import io.cairn.statemachine.store.TermIndexValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis adapter over {@link LmdbStore}: decodes, applies one entry per LMDB write txn, encodes. The
 * LMDB environment is the snapshot; see the package contract. Not final so the server can add Ratis
 * event callbacks (e.g. snapshot installation).
 */
public class CairnStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CairnStateMachine.class);

  private final Path lmdbDir;
  private final SyncMode syncMode;
  private final StateMachineStorage storage = new NoFileStorage(this);
  private final AppliedIndexWaiters waiters = new AppliedIndexWaiters();
  private final AtomicReference<Path> stagedCopy = new AtomicReference<>();
  private volatile LmdbStore store;
  private volatile SnapshotInfo snapshot;
  private volatile String member = "unstarted";
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();

  public CairnStateMachine(Path lmdbDir) {
    this(lmdbDir, SyncMode.NO_META_SYNC);
  }

  public CairnStateMachine(Path lmdbDir, SyncMode syncMode) {
    this.lmdbDir = lmdbDir;
    this.syncMode = syncMode;
  }

  /** The current store; call again after {@link #reinitialize()}, which replaces it. */
  public LmdbStore store() {
    LmdbStore s = store;
    if (s == null) {
      throw new IllegalStateException(member + ": state machine not initialized");
    }
    return s;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    member =
        server == null
            ? String.valueOf(groupId)
            : RaftGroupMemberId.valueOf(server.getId(), groupId).toString();
    getLifeCycle().startAndTransition(this::load);
  }

  /** Opens LMDB and makes its applied (term, index) the last applied index and the snapshot. */
  private void load() {
    LmdbStore s = LmdbStore.open(lmdbDir, syncMode);
    TermIndexValue ti = s.appliedTermIndex();
    TermIndex applied = TermIndex.valueOf(ti.term(), ti.index());
    setLastAppliedTermIndex(applied);
    snapshot = ti.index() < 0 ? null : new AppliedSnapshot(applied);
    store = s;
    waiters.advance(ti.index());
    LOG.info("{}: LMDB state loaded from {} at {}", member, lmdbDir, applied);
  }

  @Override
  public void pause() {
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  /**
   * Makes the next {@link #reinitialize()} replace the LMDB state with the compact copy in {@code
   * copyDir} (made by {@link LmdbStore#copyCompactTo}, on the same file system as the store). Ratis
   * calls pause and reinitialize once {@code notifyInstallSnapshotFromLeader}'s future completes.
   */
  public void stageInstall(Path copyDir) {
    stagedCopy.set(copyDir);
  }

  @Override
  public void reinitialize() throws IOException {
    LmdbStore old = store;
    if (old != null) {
      old.close();
    }
    Path copy = stagedCopy.getAndSet(null);
    if (copy != null) {
      LmdbStore.installCopy(copy, lmdbDir);
      LOG.info("{}: installed LMDB copy from {}", member, copy);
    }
    load();
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
      lc.transition(LifeCycle.State.STARTING);
      lc.transition(LifeCycle.State.RUNNING);
    }
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return snapshot;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public long takeSnapshot() {
    LmdbStore s = store();
    // Read first, then sync: the reported index is then durable, so Ratis may purge up to it.
    TermIndexValue ti = s.appliedTermIndex();
    s.sync();
    if (ti.index() < 0) {
      return -1; // RaftLog.INVALID_LOG_INDEX
    }
    snapshot = new AppliedSnapshot(TermIndex.valueOf(ti.term(), ti.index()));
    LOG.debug("{}: snapshot at {}", member, snapshot.getTermIndex());
    return ti.index();
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) {
    TransactionContext.Builder trx =
        TransactionContext.newBuilder()
            .setStateMachine(this)
            .setServerRole(RaftPeerRole.LEADER)
            .setClientRequest(request);
    ByteString content = request.getMessage().getContent();
    String problem;
    if (content.size() > Limits.MAX_ENTRY_BYTES) {
      problem = "entry of " + content.size() + " bytes exceeds " + Limits.MAX_ENTRY_BYTES;
    } else {
      try {
        Entry entry = RatisBytes.parse(content, Entry.parser());
        if (entry.getFormat() == LogFormat.V1) {
          return trx.setStateMachineContext(entry).build();
        }
        problem = "unsupported log format " + entry.getFormat();
      } catch (IOException e) {
        problem = "malformed entry: " + e.getMessage();
      }
    }
    LOG.debug("{}: rejected proposal: {}", member, problem);
    TransactionContext rejected = trx.build();
    // A rejection must not make the leader step down (ratis.md pitfall 5).
    rejected.setException(new StateMachineException(member + ": " + problem, false));
    return rejected;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    // Never throw from here: a synchronous throw shuts the server down.
    LogEntryProto log = trx.getLogEntry();
    CompletableFuture<Message> reply;
    try {
      Entry entry =
          trx.getStateMachineContext() instanceof Entry cached
              ? cached
              : RatisBytes.parse(log.getStateMachineLogEntry().getLogData(), Entry.parser());
      EntryApplied applied =
          store().applyBatch(List.of(new LoggedEntry(log.getTerm(), log.getIndex(), entry))).get(0);
      if (!applied.alreadyApplied()) {
        publish(applied);
      }
      reply = CompletableFuture.completedFuture(RatisBytes.toMessage(applied.result()));
    } catch (Exception e) {
      LOG.error("{}: failed to apply entry {}", member, TermIndex.valueOf(log), e);
      reply =
          CompletableFuture.failedFuture(
              new StateMachineException(
                  member + ": failed to apply entry " + log.getIndex() + ": " + e, e, false));
    }
    try {
      // Ratis counts the entry as applied either way; so do we.
      advanceApplied(log.getTerm(), log.getIndex());
    } catch (RuntimeException e) {
      LOG.error("{}: cannot advance applied index to {}", member, log.getIndex(), e);
      reply = CompletableFuture.failedFuture(e);
    }
    return reply;
  }

  /** Tells every listener what a freshly applied entry changed; a listener's failure is logged. */
  private void publish(EntryApplied applied) {
    for (StateListener l : listeners) {
      try {
        l.committed(applied.revision(), applied.events());
        for (LeaseChange c : applied.leaseChanges()) {
          if (c.granted()) {
            l.leaseGranted(c.id(), c.ttlSeconds());
          } else {
            l.leaseRevoked(c.id());
          }
        }
        if (applied.compacted() > 0) {
          l.compacted(applied.compacted());
        }
      } catch (RuntimeException e) {
        LOG.error("{}: listener {} failed on entry {}", member, l, applied.index(), e);
      }
    }
  }

  private void advanceApplied(long term, long index) {
    if (index > getLastAppliedTermIndex().getIndex()) {
      updateLastAppliedTermIndex(term, index);
    }
  }

  @Override
  protected boolean updateLastAppliedTermIndex(long term, long index) {
    boolean updated = super.updateLastAppliedTermIndex(term, index);
    waiters.advance(index);
    return updated;
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      Query query = RatisBytes.parse(request, Query.parser());
      return CompletableFuture.completedFuture(RatisBytes.toMessage(store().query(query)));
    } catch (Exception e) {
      LOG.debug("{}: query failed", member, e);
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Answers once this replica applied {@code minIndex}; BaseStateMachine's version can hang. */
  @Override
  public CompletableFuture<Message> queryStale(Message request, long minIndex) {
    return waiters.await(minIndex).thenCompose(ignored -> query(request));
  }

  /** Registers {@code listener} for every entry applied from now on. */
  public void addListener(StateListener listener) {
    listeners.add(listener);
  }

  public void removeListener(StateListener listener) {
    listeners.remove(listener);
  }

  /**
   * Every event with revision at least {@code fromRevision}, in revision order, up to {@code
   * maxEvents} (more when one revision has more), read in one short read txn. When {@code
   * fromRevision <= compactRevision} the batch is empty and its compact revision says why.
   */
  public EventBatch readEvents(long fromRevision, int maxEvents) {
    EventHistory h = store().readEvents(fromRevision, maxEvents);
    return new EventBatch(h.events(), h.lastRevision(), h.compactRevision());
  }

  /** The store revision. */
  public long currentRevision() {
    return store().revision();
  }

  /** The revision at or below which history is compacted (0 = none). */
  public long compactRevision() {
    return store().compactRevision();
  }

  @Override
  public void close() throws IOException {
    waiters.failAll(new IllegalStateException(member + ": state machine closed"));
    LmdbStore s = store;
    getLifeCycle()
        .checkStateAndClose(
            () -> {
              if (s != null) {
                s.close();
              }
            });
    LOG.debug("{}: closed", member);
  }

  @Override
  public String toString() {
    return "CairnStateMachine[" + member + "]";
  }
}
