package io.cairn.statemachine.ratis;

import io.cairn.statemachine.Limits;
import io.cairn.statemachine.LogFormat;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.store.EntryApplied;
import io.cairn.statemachine.store.EventHistory;
import io.cairn.statemachine.store.LeaseChange;
import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.LoggedEntry;
import io.cairn.statemachine.store.SyncMode;
import io.cairn.statemachine.store.TermIndexValue;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
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
 * Ratis adapter over {@link LmdbStore}: decodes, applies committed entries in groups on its apply
 * thread (one LMDB write txn per group, replies before the commit), encodes. The LMDB environment
 * is the snapshot; see the package contract. Not final so the server can add Ratis event callbacks
 * (e.g. snapshot installation).
 */
public class CairnStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CairnStateMachine.class);

  /**
   * Diagnostic only ({@code -Dcairn.diagnostic.noop-apply=true}): acknowledge every committed
   * command without touching the store, so a benchmark shows consensus cost apart from storage
   * cost. Nothing is stored; never use it for data.
   */
  private static final boolean NOOP_APPLY = Boolean.getBoolean("cairn.diagnostic.noop-apply");

  /**
   * How long a follower's apply thread waits after an entry for more to share its LMDB commit
   * ({@code -Dcairn.apply.follower-linger-ms}, 0 turns it off). A follower nobody reads from has no
   * one waiting for its applies, and an fsync per entry competes for the disk with the Raft log's.
   */
  static final long FOLLOWER_LINGER_NANOS =
      TimeUnit.MILLISECONDS.toNanos(Long.getLong("cairn.apply.follower-linger-ms", 25));

  /**
   * How long the leader may keep its apply txn open after answering the entries in it ({@code
   * -Dcairn.apply.leader-defer-ms}, 0 turns it off): while nobody reads, its LMDB commit and fsync
   * need not follow every entry, and each fsync competes for the disk with the Raft log's.
   */
  static final long LEADER_DEFER_NANOS =
      TimeUnit.MILLISECONDS.toNanos(Long.getLong("cairn.apply.leader-defer-ms", 25));

  /** An open txn commits once it holds this many entries. */
  static final int MAX_OPEN_ENTRIES = 64;

  /** Applies stay prompt this long after a read of this member's state. */
  private static final long PROMPT_AFTER_READ_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** Names temp copies: {@code lmdb.copy-<uuid>} next to {@code lmdb}. */
  private static final String TEMP_COPY_INFIX = ".copy-";

  private final Path lmdbDir;
  private final SyncMode syncMode;
  private final StateMachineStorage storage = new NoFileStorage(this);
  private final AppliedIndexWaiters waiters = new AppliedIndexWaiters();
  private final AtomicReference<Path> stagedCopy = new AtomicReference<>();
  private volatile LmdbStore store;
  private volatile SnapshotInfo snapshot;
  private volatile String member = "unstarted";
  private volatile SnapshotSource snapshotSource;
  // Held while applying and while a defrag copies and swaps: the copy must miss no write.
  private final ReentrantLock applyLock = new ReentrantLock();
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
  // Reads waiting for a group's commit resume here, never on the apply thread (from initialize).
  private volatile ExecutorService gatedReads;
  private volatile GroupApply groupApply;
  // The apply thread's open txn and what it holds (answered, not yet committed); applyLock is held
  // while it is open.
  private LmdbStore.Batch batch;
  private final List<GroupApply.Pending> openEntries = new ArrayList<>();
  private final List<EntryApplied> openApplied = new ArrayList<>();
  private GroupApply.Pending openLast;
  private long openApplyNanos;
  // The highest index whose reply was sent (possibly before its commit).
  private volatile long replied = -1;
  // Set when a commit failed after its replies left: nothing is served any more.
  private volatile Exception broken;
  // Until Ratis names a leader, apply promptly.
  private volatile boolean leader = true;
  private volatile long lastRead = System.nanoTime();
  private final List<BooleanSupplier> promptWhile = new CopyOnWriteArrayList<>();

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
    getLifeCycle()
        .startAndTransition(
            () -> {
              removeLeftoverCopies();
              load();
            });
    gatedReads =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "cairn-" + member + "-gated-read");
              t.setDaemon(true);
              return t;
            });
    groupApply =
        new GroupApply(
            "cairn-" + member + "-apply",
            new GroupApply.Processor() {
              @Override
              public boolean apply(List<GroupApply.Pending> group, boolean keepOpen) {
                return applyGroup(group, keepOpen);
              }

              @Override
              public void commit() {
                commitOpen();
              }
            },
            FOLLOWER_LINGER_NANOS,
            () -> !leader && unread(),
            LEADER_DEFER_NANOS,
            () -> leader && unread());
  }

  /**
   * Nobody waits on this member's applies: no read lately and no registered condition wants them
   * prompt. A follower then lingers before applying, a leader defers its commits.
   */
  private boolean unread() {
    if (System.nanoTime() - lastRead < PROMPT_AFTER_READ_NANOS) {
      return false;
    }
    for (BooleanSupplier s : promptWhile) {
      if (s.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Says a read of this member's state starts (or something else waits on its applies): for the
   * next second every entry is applied as soon as it is committed.
   */
  public void readStarting() {
    lastRead = System.nanoTime();
    GroupApply g = groupApply;
    if (g != null) {
      g.hurry();
    }
  }

  /**
   * Keeps applies prompt while {@code condition} holds (e.g. watch streams are open); call {@link
   * #readStarting()} when it starts to hold.
   */
  public void promptWhile(BooleanSupplier condition) {
    promptWhile.add(condition);
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId memberId, RaftPeerId newLeaderId) {
    leader = memberId.getPeerId().equals(newLeaderId);
    GroupApply g = groupApply;
    if (leader && g != null) {
      g.hurry();
    }
  }

  /** Whether the apply thread holds answered entries in an open txn right now (for tests). */
  boolean deferringCommit() {
    GroupApply g = groupApply;
    return g != null && g.deferring();
  }

  /** Waits until every entry handed to the apply thread is committed to the store. */
  private void awaitQueuedApplied() throws IOException {
    GroupApply g = groupApply;
    if (g == null) {
      return;
    }
    readStarting();
    try {
      waiters.await(g.submitted()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(member + ": interrupted waiting for the apply thread");
    } catch (ExecutionException e) {
      throw new IOException(member + ": apply thread failed", e.getCause());
    }
  }

  /**
   * A fresh dir next to LMDB for a temporary copy of the store (e.g. one being streamed to a client
   * or follower); the caller deletes it, and a start after a crash removes it.
   */
  public Path newTempCopyDir() {
    return siblingDir(TEMP_COPY_INFIX + UUID.randomUUID());
  }

  /**
   * Removes what a crash in the middle of a snapshot transfer leaves next to LMDB: the staging dir
   * of an install and the temp copies made for snapshot streams. Only at startup: while running, a
   * stream may be reading its copy.
   */
  private void removeLeftoverCopies() {
    Path parent = lmdbDir.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    String tempPrefix = lmdbDir.getFileName() + TEMP_COPY_INFIX;
    List<String> removed = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        String name = p.getFileName().toString();
        if (name.equals(stagingDir().getFileName().toString()) || name.startsWith(tempPrefix)) {
          deleteRecursively(p);
          removed.add(name);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new IllegalStateException(member + ": cannot remove leftover snapshot copies", e);
    }
    if (!removed.isEmpty()) {
      Collections.sort(removed);
      LOG.info(
          "{}: removed snapshot copies an interrupted transfer left in {}: {}",
          member,
          parent,
          removed);
    }
  }

  /** Opens LMDB and makes its applied (term, index) the last applied index and the snapshot. */
  private void load() {
    recoverDefrag();
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

  /** Where {@link #notifyInstallSnapshotFromLeader} pulls the leader's copy from. */
  public void snapshotSource(SnapshotSource source) {
    this.snapshotSource = source;
  }

  /**
   * Pulls a compact copy of the leader's store into a staging dir next to LMDB, checks it opens and
   * what it holds, and stages it; Ratis then pauses and {@link #reinitialize()}s, which swaps it
   * in. A failed or interrupted transfer only leaves a staging dir behind (removed on the next
   * attempt): the live store is untouched until the swap.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(
      RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
    SnapshotSource source = snapshotSource;
    String leader = roleInfo.getFollowerInfo().getLeaderInfo().getId().getId().toStringUtf8();
    long applied = getLastAppliedTermIndex().getIndex();
    if (applied + 1 >= firstTermIndexInLog.getIndex()) {
      // Ratis also asks a member it is adding (bootstrapping), whatever its log holds. The log
      // covers everything after our state, so a copy is not needed; and a copy at or below what
      // this member has (e.g. index -1 from a never-written leader) would be taken as an install
      // that never ends, or rewind a log that is further along. Null: "no snapshot, send the log".
      LOG.info(
          "{}: applied {}, leader {}'s log starts at {}: catching up from the log",
          member,
          applied,
          leader,
          firstTermIndexInLog);
      return CompletableFuture.completedFuture(null);
    }
    if (source == null) {
      LOG.warn("{}: leader {} wants a snapshot install but no source is set", member, leader);
      return CompletableFuture.completedFuture(null);
    }
    LOG.info(
        "{}: behind leader {}'s log (starts at {}): pulling its store",
        member,
        leader,
        firstTermIndexInLog);
    return CompletableFuture.supplyAsync(
        () -> pullCopy(source, leader, firstTermIndexInLog),
        r -> {
          Thread t = new Thread(r, member + "-snapshot-install");
          t.setDaemon(true);
          t.start();
        });
  }

  private TermIndex pullCopy(SnapshotSource source, String leader, TermIndex firstInLog) {
    Path staging = stagingDir();
    try {
      deleteRecursively(staging);
      Files.createDirectories(staging);
      source.fetch(leader, staging);
      TermIndexValue ti;
      try (LmdbStore copy = LmdbStore.open(staging, syncMode)) {
        ti = copy.appliedTermIndex();
      }
      if (ti.index() + 1 < firstInLog.getIndex()) {
        throw new IOException(
            "copy from "
                + leader
                + " ends at "
                + ti.index()
                + ", its log starts at "
                + firstInLog.getIndex());
      }
      stageInstall(staging);
      TermIndex installed = TermIndex.valueOf(ti.term(), ti.index());
      LOG.info("{}: staged copy from {} at {}", member, leader, installed);
      return installed;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "{}: snapshot from {} failed, keeping the old state: {}", member, leader, e.toString());
      try {
        deleteRecursively(staging);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CompletionException(e);
    }
  }

  private Path stagingDir() {
    return siblingDir(".install");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void reinitialize() throws IOException {
    awaitQueuedApplied();
    applyLock.lock();
    try {
      swapInStaged();
    } finally {
      applyLock.unlock();
    }
  }

  private void swapInStaged() throws IOException {
    LmdbStore old = store;
    if (old != null) {
      old.close();
    }
    Path copy = stagedCopy.getAndSet(null);
    if (copy != null) {
      LmdbStore.installCopy(copy, lmdbDir);
      LOG.info("{}: installed LMDB copy from {}", member, copy);
      deleteRecursively(copy);
    }
    load();
    if (copy != null) {
      // Listeners (the watch hub) see the revision jump now, not only at the next entry.
      long revision = store().revision();
      for (StateListener l : listeners) {
        try {
          l.committed(revision, List.of());
        } catch (RuntimeException e) {
          LOG.error("{}: listener {} failed after an install", member, l, e);
        }
      }
    }
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.PAUSED) {
      lc.transition(LifeCycle.State.STARTING);
      lc.transition(LifeCycle.State.RUNNING);
    }
  }

  /**
   * What a defrag did.
   *
   * @param sizeBefore LMDB data file bytes before
   * @param sizeAfter bytes after
   * @param writePauseMillis how long applying entries was paused
   */
  public record DefragResult(long sizeBefore, long sizeAfter, long writePauseMillis) {}

  /**
   * Rewrites the store compactly and swaps it in. Applying entries pauses while the compact copy is
   * made (it must contain every applied entry); reads go on against the old environment, which
   * stays open until the new one serves. The swap renames directories ({@code lmdb} to {@code
   * lmdb.old}, {@code lmdb.defrag} to {@code lmdb}); a crash in between is repaired on load.
   */
  public DefragResult defrag() throws IOException {
    Path next = siblingDir(".defrag");
    Path old = siblingDir(".old");
    applyLock.lock();
    long start = System.nanoTime();
    LmdbStore before = store();
    long sizeBefore = Files.size(LmdbStore.dataFile(lmdbDir));
    LmdbStore after;
    try {
      deleteRecursively(next);
      deleteRecursively(old);
      before.copyCompactTo(next);
      Files.move(lmdbDir, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(next, lmdbDir, StandardCopyOption.ATOMIC_MOVE);
      after = LmdbStore.open(lmdbDir, syncMode);
      store = after;
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(lmdbDir) && Files.exists(old)) {
        Files.move(old, lmdbDir, StandardCopyOption.ATOMIC_MOVE); // the old store goes on
      }
      deleteRecursively(next);
      throw e;
    } finally {
      applyLock.unlock();
    }
    long pauseMillis = (System.nanoTime() - start) / 1_000_000;
    before.close(); // waits for the reads still running on it
    deleteRecursively(old);
    long sizeAfter = Files.size(LmdbStore.dataFile(lmdbDir));
    LOG.info(
        "{}: defragmented {} -> {} bytes, writes paused {} ms",
        member,
        sizeBefore,
        sizeAfter,
        pauseMillis);
    return new DefragResult(sizeBefore, sizeAfter, pauseMillis);
  }

  /**
   * Runs a read on the current store; if a defrag closed that store in between, once more on the
   * one that replaced it.
   */
  private <T> T onStore(java.util.function.Function<LmdbStore, T> read) {
    LmdbStore s = store();
    try {
      return read.apply(s);
    } catch (IllegalStateException e) {
      LmdbStore now = store();
      if (now == s) {
        throw e;
      }
      return read.apply(now);
    }
  }

  /** Finishes or forgets a defrag a crash interrupted (see {@link #defrag()}). */
  private void recoverDefrag() {
    Path next = siblingDir(".defrag");
    Path old = siblingDir(".old");
    try {
      if (!Files.exists(lmdbDir)) {
        // Crashed between the two renames: the complete copy is in .defrag.
        if (Files.exists(LmdbStore.dataFile(next))) {
          Files.move(next, lmdbDir, StandardCopyOption.ATOMIC_MOVE);
        } else if (Files.exists(old)) {
          Files.move(old, lmdbDir, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      deleteRecursively(next);
      deleteRecursively(old);
    } catch (IOException e) {
      throw new UncheckedIOException(member + ": cannot recover an interrupted defrag", e);
    }
  }

  private Path siblingDir(String suffix) {
    return lmdbDir.resolveSibling(lmdbDir.getFileName() + suffix);
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
  public long takeSnapshot() throws IOException {
    awaitQueuedApplied(); // the replies went out; the commits must be in before the log goes
    TermIndexValue ti;
    applyLock.lock(); // not while a defrag swaps the store
    try {
      LmdbStore s = store();
      // Read first, then sync: the reported index is then durable, so Ratis may purge up to it.
      ti = s.appliedTermIndex();
      s.sync();
    } finally {
      applyLock.unlock();
    }
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

  /** One empty result per command: what the no-op apply diagnostic answers. */
  private static EntryResult noopResult(Entry entry) {
    EntryResult.Builder out = EntryResult.newBuilder();
    for (int i = 0; i < entry.getCommandsCount(); i++) {
      out.addResults(CommandResult.getDefaultInstance());
    }
    return out.build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    // Never throw from here: a synchronous throw shuts the server down.
    LogEntryProto log = trx.getLogEntry();
    Entry entry = null;
    Exception failure = broken;
    if (failure == null) {
      try {
        entry =
            trx.getStateMachineContext() instanceof Entry cached
                ? cached
                : RatisBytes.parse(log.getStateMachineLogEntry().getLogData(), Entry.parser());
      } catch (Exception e) {
        failure = e;
      }
    }
    if (failure == null && NOOP_APPLY) {
      advanceApplied(log.getTerm(), log.getIndex());
      return CompletableFuture.completedFuture(RatisBytes.toMessage(noopResult(entry)));
    }
    try {
      // A failed entry still goes through the queue as a marker: indexes advance in log order.
      GroupApply.Pending p =
          failure == null
              ? new GroupApply.Pending(
                  log.getTerm(), log.getIndex(), entry, new CompletableFuture<>())
              : GroupApply.Pending.marker(log.getTerm(), log.getIndex());
      groupApply().submit(p);
      return failure == null
          ? p.reply()
          : CompletableFuture.failedFuture(applyFailure(log, failure));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(applyFailure(log, e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(applyFailure(log, e));
    }
  }

  /**
   * Configuration and metadata entries: their index advances in order with the applied ones, and
   * this returns only once every entry before it is committed. Ratis announces such an index as
   * applied as soon as this returns (a store entry's only when its future completes), and a
   * ReadIndex read at that index then queries: a member catching up (a restarted follower with a
   * queue of entries) must not answer it from older state.
   */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    GroupApply g = groupApply;
    if (g == null) {
      advanceApplied(term, index);
      return;
    }
    try {
      g.submit(GroupApply.Pending.marker(term, index));
      awaitQueuedApplied();
    } catch (InterruptedException | InterruptedIOException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{}: interrupted before index {} was applied", member, index);
    } catch (IOException | RuntimeException e) { // e.g. closing: never throw into Ratis
      LOG.error("{}: index {} not applied", member, index, e);
    }
  }

  private StateMachineException applyFailure(LogEntryProto log, Exception e) {
    LOG.error("{}: failed to apply entry {}", member, TermIndex.valueOf(log), e);
    return new StateMachineException(
        member + ": failed to apply entry " + log.getIndex() + ": " + e, e, false);
  }

  private GroupApply groupApply() {
    GroupApply g = groupApply;
    if (g == null) {
      throw new IllegalStateException(member + ": state machine not initialized");
    }
    return g;
  }

  /**
   * Applies a group of queued entries in one LMDB txn (on the apply thread). Each entry's reply is
   * sent as soon as the group's results exist, before the commit and its fsync: the Raft log is
   * already durable on a majority and replay from the store's applied index reproduces the same
   * results, and reads wait for the commit ({@link #query}). With {@code keepOpen} the txn may stay
   * open for the next groups ({@link GroupApply}); the applied index, listeners and replies that
   * wait for the commit follow the commit. Entries that granted or revoked a lease answer only
   * after the listeners heard of it, so the lessor knows a lease its grant acknowledged.
   */
  private boolean applyGroup(List<GroupApply.Pending> group, boolean keepOpen) {
    if (!applyLock.isHeldByCurrentThread()) {
      applyLock.lock(); // held while a txn is open
    }
    try {
      List<GroupApply.Pending> entries = new ArrayList<>(group.size());
      for (GroupApply.Pending p : group) {
        if (p.entry() != null) {
          entries.add(p);
        }
      }
      boolean leases = false;
      if (!entries.isEmpty()) {
        long started = System.nanoTime();
        List<EntryApplied> applied = applyEntries(entries);
        openApplyNanos += System.nanoTime() - started;
        openEntries.addAll(entries);
        openApplied.addAll(applied);
        for (EntryApplied a : applied) {
          leases |= a != null && !a.leaseChanges().isEmpty();
        }
      }
      openLast = group.get(group.size() - 1);
      if (keepOpen && !leases && batch != null && batch.entries() < MAX_OPEN_ENTRIES) {
        return true;
      }
      commitOpen();
      return false;
    } finally {
      if (batch == null && applyLock.isHeldByCurrentThread()) {
        applyLock.unlock(); // when apply failed before commitOpen
      }
    }
  }

  /** Commits the open txn, then advances the applied index, tells listeners, sends the replies. */
  private void commitOpen() {
    try {
      if (batch != null) {
        long started = System.nanoTime();
        try {
          batch.commit();
        } catch (RuntimeException e) {
          stopServing(e);
          for (int i = 0; i < openApplied.size(); i++) {
            openEntries.get(i).reply().completeExceptionally(e); // no-op if answered
            openApplied.set(i, null);
          }
        } finally {
          batch = null;
          openApplyNanos += System.nanoTime() - started;
        }
      }
    } finally {
      if (applyLock.isHeldByCurrentThread()) {
        applyLock.unlock(); // the store has it all: listeners and replies need no lock
      }
    }
    try {
      if (openLast != null) {
        announce();
      }
    } finally {
      openEntries.clear();
      openApplied.clear();
      openLast = null;
      openApplyNanos = 0;
    }
  }

  /** After a commit: listeners hear of each entry, the applied index advances, replies go. */
  private void announce() {
    long perEntry = openApplyNanos / Math.max(1, openApplied.size());
    for (EntryApplied a : openApplied) {
      if (a != null && !a.alreadyApplied()) {
        publish(a, perEntry);
      }
    }
    try {
      // Ratis counts every entry as applied, failed ones too; so do we. Waiting reads go on.
      advanceApplied(openLast.term(), openLast.index());
    } catch (RuntimeException e) {
      LOG.error("{}: cannot advance applied index to {}", member, openLast.index(), e);
    }
    for (int i = 0; i < openApplied.size(); i++) {
      EntryApplied a = openApplied.get(i);
      if (a != null) { // a failed entry's reply failed with it
        openEntries.get(i).reply().complete(RatisBytes.toMessage(a.result())); // no-op if early
      }
    }
  }

  /**
   * Applies {@code entries} into the open txn (opening one if needed); if that fails, the txn and
   * what it held are gone: the entries answered in it are applied again in a txn of their own, then
   * these one by one, each committed at once (null: failed).
   */
  private List<EntryApplied> applyEntries(List<GroupApply.Pending> entries) {
    try {
      if (batch == null) {
        batch = store().begin();
      }
      return batch.apply(logged(entries), out -> replyEarly(entries, out));
    } catch (Exception e) {
      batch = null; // aborted with the failure
      if (!openEntries.isEmpty()) {
        try {
          store().applyBatch(logged(openEntries));
        } catch (RuntimeException again) {
          stopServing(again);
          entries.forEach(p -> failEntry(p, again));
          return Collections.nCopies(entries.size(), null);
        }
      }
      if (entries.size() == 1) {
        failEntry(entries.get(0), e);
        return Collections.singletonList(null);
      }
      List<EntryApplied> out = new ArrayList<>(entries.size());
      for (GroupApply.Pending p : entries) {
        try {
          out.add(store().applyBatch(logged(List.of(p)), a -> replyEarly(List.of(p), a)).get(0));
        } catch (RuntimeException alone) {
          if (p.reply().isDone()) {
            stopServing(alone); // answered, then its commit failed
          }
          failEntry(p, alone);
          out.add(null);
        }
      }
      return out;
    }
  }

  /** Acknowledged results never reached the store: nothing is served until a restart replays. */
  private void stopServing(Exception e) {
    broken = e;
    LOG.error(
        "{}: LMDB lost writes it had acknowledged; this member stops serving until it restarts and"
            + " replays its log",
        member,
        e);
  }

  private void failEntry(GroupApply.Pending p, Exception e) {
    p.reply()
        .completeExceptionally(
            new StateMachineException(
                member + ": failed to apply entry " + p.index() + ": " + e, e, false));
    LOG.error("{}: failed to apply entry {}", member, p.index(), e);
  }

  private static List<LoggedEntry> logged(List<GroupApply.Pending> entries) {
    List<LoggedEntry> logged = new ArrayList<>(entries.size());
    for (GroupApply.Pending p : entries) {
      logged.add(new LoggedEntry(p.term(), p.index(), p.entry()));
    }
    return logged;
  }

  private void replyEarly(List<GroupApply.Pending> entries, List<EntryApplied> out) {
    for (int i = 0; i < entries.size(); i++) {
      EntryApplied a = out.get(i);
      if (a.leaseChanges().isEmpty()) {
        GroupApply.Pending p = entries.get(i);
        replied = Math.max(replied, p.index()); // before the reply: a read after it must wait
        p.reply().complete(RatisBytes.toMessage(a.result()));
      }
    }
  }

  /** Tells every listener what a freshly applied entry changed; a listener's failure is logged. */
  private void publish(EntryApplied applied, long applyNanos) {
    for (StateListener l : listeners) {
      try {
        l.applied(applyNanos);
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

  private synchronized void advanceApplied(long term, long index) {
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

  /**
   * Answers from the committed store. Replies may leave before their group's commit, so a read
   * first waits for the commit of every entry already answered (at most one group's commit).
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    Exception failed = broken;
    if (failed != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(member + ": store failed, restart this member", failed));
    }
    long answered = replied;
    if (answered <= waiters.applied()) {
      return queryNow(request);
    }
    readStarting(); // a commit the leader deferred is due now
    return waiters.await(answered).thenComposeAsync(ignored -> queryNow(request), gatedReads);
  }

  private CompletableFuture<Message> queryNow(Message request) {
    try {
      Query query = RatisBytes.parse(request, Query.parser());
      return CompletableFuture.completedFuture(RatisBytes.toMessage(onStore(s -> s.query(query))));
    } catch (Exception e) {
      LOG.debug("{}: query failed", member, e);
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Answers once this replica applied {@code minIndex}; BaseStateMachine's version can hang. */
  @Override
  public CompletableFuture<Message> queryStale(Message request, long minIndex) {
    if (minIndex > waiters.applied()) {
      readStarting();
    }
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
    EventHistory h = onStore(s -> s.readEvents(fromRevision, maxEvents));
    return new EventBatch(h.events(), h.lastRevision(), h.compactRevision());
  }

  /** The store revision. */
  public long currentRevision() {
    return onStore(LmdbStore::revision);
  }

  /** LMDB pages holding no live data (see {@link LmdbStore#freePages()}). */
  public long dbFreePages() {
    return onStore(LmdbStore::freePages);
  }

  /** The revision at or below which history is compacted (0 = none). */
  public long compactRevision() {
    return onStore(LmdbStore::compactRevision);
  }

  @Override
  public void close() throws IOException {
    GroupApply g = groupApply;
    if (g != null) {
      g.close();
    }
    ExecutorService reads = gatedReads;
    if (reads != null) {
      reads.shutdown();
    }
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
