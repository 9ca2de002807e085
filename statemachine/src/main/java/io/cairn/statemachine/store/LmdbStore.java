package io.cairn.statemachine.store;

import io.cairn.statemachine.LogFormat;
import io.cairn.statemachine.apply.CommandApplier;
import io.cairn.statemachine.apply.Failures;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Entry;
import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.proto.LeaseListResult;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CopyFlags;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.EnvInfo;
import org.lmdbjava.GetOp;
import org.lmdbjava.Stat;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's state on LMDB: DBIs {@code meta}, {@code rev} (every version of every key, by revision),
 * {@code lease}, {@code lease_keys}, {@code session}, {@code session_resp}, plus the in-memory
 * {@link KeyIndex} over {@code rev}. One writer at a time (the apply thread); any number of
 * concurrent readers.
 */
public final class LmdbStore implements AutoCloseable {
  /** A session idle this long (in leader time) is forgotten. */
  public static final long SESSION_TTL_MS = 15 * 60_000L;

  /** Leader time between two session sweeps. */
  public static final long SESSION_SWEEP_INTERVAL_MS = 60_000L;

  /** Address space only: without MDB_WRITEMAP the file grows as pages are used. */
  static final long MAP_SIZE = 64L << 30;

  /** Most history index records one compaction slice examines (one slice per applied batch). */
  static final int COMPACTION_BATCH = 10_000;

  private static final String DATA_FILE = "data.mdb";

  /** LMDB's two meta pages (0 and 1) at the start of every data file. */
  private static final long META_PAGES = 2;

  private static final Logger LOG = LoggerFactory.getLogger(LmdbStore.class);

  private final Path dir;
  private final Env<byte[]> env;
  private final Dbi<byte[]> meta;
  private final Dbis dbs;
  private final Dbi<byte[]> sessions;
  private final Dbi<byte[]> responses;
  // Replaced whole (rebuilt from rev) when a write txn fails: readers take one per read.
  private volatile KeyIndex index;
  // Closing the env while a txn is open crashes the JVM: txns hold the read side, close the write.
  private final ReentrantReadWriteLock envLock = new ReentrantReadWriteLock();
  private boolean closed;
  private volatile int compactionBatch = COMPACTION_BATCH;

  private LmdbStore(Path dir, Env<byte[]> env) {
    this.dir = dir;
    this.env = env;
    // byte[] keys: the Java-side comparator must be unsigned to match LMDB's memcmp order.
    this.meta = env.openDbi(Schema.META, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY);
    DbiFlags dupsort = DbiFlags.MDB_DUPSORT;
    this.dbs =
        new Dbis(
            meta,
            env.openDbi(Schema.REV, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY),
            env.openDbi(Schema.LEASE, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY),
            env.openDbi(Schema.LEASE_KEYS, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY, dupsort));
    this.sessions = env.openDbi(Schema.SESSION, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY);
    this.responses =
        env.openDbi(Schema.SESSION_RESP, DbiFlags.MDB_CREATE, DbiFlags.MDB_UNSIGNEDKEY);
  }

  /** Opens (creating if needed) the store in {@code dir} with {@link SyncMode#NO_META_SYNC}. */
  public static LmdbStore open(Path dir) {
    return open(dir, SyncMode.NO_META_SYNC);
  }

  public static LmdbStore open(Path dir, SyncMode mode) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    EnvFlags sync = mode == SyncMode.NO_SYNC ? EnvFlags.MDB_NOSYNC : EnvFlags.MDB_NOMETASYNC;
    Env<byte[]> env =
        Env.create(ByteArrayProxy.PROXY_BA)
            .setMapSize(MAP_SIZE)
            .setMaxDbs(16)
            .setMaxReaders(1024)
            .open(dir.toFile(), EnvFlags.MDB_NOTLS, sync);
    try {
      env.readerCheck(); // frees reader slots of dead processes
      LmdbStore store = new LmdbStore(dir, env);
      store.checkSchema();
      store.index = store.loadIndex();
      LOG.info("[{}] opened LMDB store, applied {}", dir, store.appliedTermIndex());
      return store;
    } catch (RuntimeException e) {
      env.close();
      throw e;
    }
  }

  private void checkSchema() {
    try (Txn<byte[]> txn = env.txnWrite()) {
      byte[] v = meta.get(txn, Schema.SCHEMA_VERSION);
      if (v == null && meta.get(txn, Schema.APPLIED_INDEX) != null) {
        throw new IllegalStateException(
            "store " + dir + " has no schema version (made by an older build); remove it");
      }
      if (v == null) {
        meta.put(txn, Schema.SCHEMA_VERSION, Schema.u64(Schema.VERSION));
        txn.commit();
      } else if (Schema.u64(v) == Schema.VERSION_WITH_KEY_TREES) {
        dropKeyTrees(txn);
        meta.put(txn, Schema.SCHEMA_VERSION, Schema.u64(Schema.VERSION));
        txn.commit();
        LOG.info("[{}] migrated the store to schema version {}", dir, Schema.VERSION);
      } else if (Schema.u64(v) != Schema.VERSION) {
        throw new IllegalStateException(
            "store "
                + dir
                + " has schema version "
                + Schema.u64(v)
                + ", this build reads only version "
                + Schema.VERSION);
      }
    }
  }

  /** Version 2's key-ordered trees hold nothing that {@code rev} does not. */
  private void dropKeyTrees(Txn<byte[]> txn) {
    DbiFlags unsigned = DbiFlags.MDB_UNSIGNEDKEY;
    byte[] kv = Schema.V2_KV.getBytes(StandardCharsets.US_ASCII);
    byte[] kidx = Schema.V2_KIDX.getBytes(StandardCharsets.US_ASCII);
    env.openDbi(txn, kv, null, false, unsigned).drop(txn, true);
    env.openDbi(txn, kidx, null, false, unsigned, DbiFlags.MDB_DUPSORT, DbiFlags.MDB_DUPFIXED)
        .drop(txn, true);
  }

  private KeyIndex loadIndex() {
    long started = System.nanoTime();
    KeyIndex loaded =
        read(txn -> KeyIndex.load(txn, dbs, getLong(txn, Schema.COMPACT_REVISION, 0)));
    LOG.info("[{}] indexed the history in {} ms", dir, (System.nanoTime() - started) / 1_000_000);
    return loaded;
  }

  /**
   * Applies {@code entries} (ascending index) in ONE write txn together with the session table and
   * the new applied (term, index). Entries at or below the stored applied index are skipped.
   *
   * @throws StoreFullException if LMDB's map is full; nothing of the batch applied
   * @throws IllegalArgumentException for an entry in an unknown log format; nothing applied
   */
  public List<EntryApplied> applyBatch(List<LoggedEntry> entries) {
    return applyBatch(entries, applied -> {});
  }

  /**
   * {@link #applyBatch(List)}, handing the outcomes to {@code beforeCommit} once every entry
   * applied and before the txn commits (readers see nothing of the batch until it returns). If the
   * commit then fails, the outcomes handed over never reached the store.
   */
  public List<EntryApplied> applyBatch(
      List<LoggedEntry> entries, Consumer<List<EntryApplied>> beforeCommit) {
    try (Batch batch = begin()) {
      List<EntryApplied> out = batch.apply(entries, beforeCommit);
      batch.commit();
      return out;
    }
  }

  /**
   * Opens a write txn that stays open across {@link Batch#apply} calls until {@link
   * Batch#commit()}: many groups of entries, one commit and one fsync. Readers see none of it until
   * the commit. LMDB binds a write txn to its thread: one thread begins, applies and commits.
   */
  public Batch begin() {
    Lock lock = envLock.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("store " + dir + " is closed");
      }
      return new Batch(lock);
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
  }

  /** An open write txn (see {@link #begin()}); closing it uncommitted aborts it. */
  public final class Batch implements AutoCloseable {
    private final Lock envRead;
    private final Txn<byte[]> txn;
    // A compaction target committed before this txn began: readers opened from now on are at or
    // above it, so the txn may trim to it (a target set inside the txn waits for the next one).
    private final long committedCompact;
    private boolean done;
    private int applied;

    private Batch(Lock envRead) {
      this.envRead = envRead;
      this.txn = env.txnWrite();
      this.committedCompact = getLong(txn, Schema.COMPACT_REVISION, 0);
    }

    /**
     * Applies {@code entries} (ascending index, after those applied before in this txn) and hands
     * their outcomes to {@code beforeCommit}. On failure the whole txn is aborted, earlier applies
     * in it too, and the batch is closed.
     *
     * @throws StoreFullException if LMDB's map is full
     * @throws IllegalArgumentException for an entry in an unknown log format
     */
    public List<EntryApplied> apply(
        List<LoggedEntry> entries, Consumer<List<EntryApplied>> beforeCommit) {
      ensureOpen();
      try {
        List<EntryApplied> out = LmdbStore.this.apply(txn, entries, committedCompact);
        beforeCommit.accept(out);
        applied += entries.size();
        return out;
      } catch (RuntimeException e) {
        throw failed(e);
      }
    }

    /** Entries applied in this txn so far. */
    public int entries() {
      return applied;
    }

    /** Commits (one fsync for everything applied) and closes the batch. */
    public void commit() {
      ensureOpen();
      try {
        txn.commit();
      } catch (RuntimeException e) {
        throw failed(e);
      }
      end();
    }

    private void ensureOpen() {
      if (done) {
        throw new IllegalStateException("batch on " + dir + " is closed");
      }
    }

    private RuntimeException failed(RuntimeException e) {
      end();
      // The index took the aborted txn's changes: rebuild it from what is committed.
      try {
        index = loadIndex();
      } catch (RuntimeException rebuild) {
        e.addSuppressed(rebuild); // the batch's own failure stays the one reported
      }
      if (e instanceof Env.MapFullException) {
        return new StoreFullException("LMDB map full at " + dir, e);
      }
      return e;
    }

    private void end() {
      if (!done) {
        done = true;
        try {
          txn.close();
        } finally {
          envRead.unlock();
        }
      }
    }

    /** Aborts what was not committed; a no-op after a commit or a failure. */
    @Override
    public void close() {
      if (!done) {
        end();
        index = loadIndex(); // the aborted txn's changes leave the in-memory index too
      }
    }
  }

  private List<EntryApplied> apply(
      Txn<byte[]> txn, List<LoggedEntry> entries, long committedCompact) {
    long appliedTerm = getLong(txn, Schema.APPLIED_TERM, 0);
    long appliedIndex = getLong(txn, Schema.APPLIED_INDEX, -1);
    long revision = getLong(txn, Schema.REVISION, 0);
    long lastSweep = getLong(txn, Schema.LAST_SESSION_SWEEP_MS, 0);
    Effects effects = new Effects();
    KeyIndex idx = index;
    LmdbView view = new LmdbView(txn, dbs, idx, effects, Long.MAX_VALUE);
    SessionTable table = new SessionTable(txn, sessions, responses);
    List<EntryApplied> out = new ArrayList<>(entries.size());
    for (LoggedEntry logged : entries) {
      if (logged.index() <= appliedIndex) {
        out.add(EntryApplied.skipped(logged.term(), logged.index(), revision));
        continue;
      }
      Entry entry = logged.entry();
      if (entry.getFormat() != LogFormat.V1) {
        throw new IllegalArgumentException(
            "entry " + logged.index() + " has unknown log format " + entry.getFormat());
      }
      long now = entry.getLeaderTimeMs();
      if (now >= lastSweep + SESSION_SWEEP_INTERVAL_MS) {
        table.expire(now - SESSION_TTL_MS);
        lastSweep = now;
      }
      effects.clear();
      EntryResult.Builder results = EntryResult.newBuilder();
      for (Command cmd : entry.getCommandsList()) {
        long rev = revision;
        CommandResult r = table.execute(cmd, now, rev, () -> CommandApplier.apply(view, cmd, rev));
        revision = Math.max(revision, r.getRevision());
        results.addResults(r);
      }
      appliedTerm = logged.term();
      appliedIndex = logged.index();
      out.add(
          new EntryApplied(
              logged.term(),
              logged.index(),
              false,
              results.build(),
              revision,
              List.copyOf(effects.events),
              List.copyOf(effects.leaseChanges),
              effects.compacted));
    }
    meta.put(txn, Schema.APPLIED_TERM, Schema.u64(appliedTerm));
    meta.put(txn, Schema.APPLIED_INDEX, Schema.u64(appliedIndex));
    meta.put(txn, Schema.REVISION, Schema.u64(revision));
    meta.put(txn, Schema.LAST_SESSION_SWEEP_MS, Schema.u64(lastSweep));
    // Piggyback one bounded slice of pending compaction on every batch.
    // Trim only to a target committed before this txn: every reader that opens from now on has a
    // revision at or above it. A target set in this txn (its NEXT_KEY reset) waits a txn.
    if (getLong(txn, Schema.COMPACT_REVISION, 0) == committedCompact) {
      Compactor.step(txn, dbs, idx, compactionBatch);
    }
    return out;
  }

  /**
   * Runs {@code query} in one read txn. A range at an unreadable revision answers with a failure
   * (COMPACTED or FUTURE_REVISION), never an exception.
   */
  public QueryResult query(Query query) {
    for (int attempt = 1; ; attempt++) {
      QueryResult r = queryOnce(query);
      if (r != null) {
        return r;
      }
      if (attempt == 100) {
        throw new IllegalStateException("reads keep racing compaction in " + dir);
      }
      Thread.yield();
    }
  }

  /** The query in one read txn; null when a compaction trimmed the index below its revision. */
  private QueryResult queryOnce(Query query) {
    return read(
        txn -> {
          long current = getLong(txn, Schema.REVISION, 0);
          KeyIndex idx = index;
          LmdbView view = new LmdbView(txn, dbs, idx, null, current);
          QueryResult.Builder out =
              QueryResult.newBuilder()
                  .setRevision(current)
                  .setCompactRevision(view.compactRevision());
          switch (query.getQueryCase()) {
            case RANGE -> {
              CommandApplier.RangeOutcome o =
                  CommandApplier.rangeAt(view, query.getRange(), current);
              long at = query.getRange().getRevision();
              if (o.failure() == null && at > 0 && at < current && at <= idx.trimmedThrough()) {
                // A compaction newer than this txn trimmed the index meanwhile.
                out.setFailure(Failures.compacted(at, idx.trimmedThrough()));
              } else if (o.failure() != null) {
                out.setFailure(o.failure());
              } else {
                out.setRange(o.result());
              }
            }
            case LEASE_INFO ->
                out.setLeaseInfo(
                    view.leases()
                        .info(query.getLeaseInfo().getId(), query.getLeaseInfo().getKeys()));
            case LEASE_LIST ->
                out.setLeaseList(LeaseListResult.newBuilder().addAllLeases(view.leases().list()));
            default -> {}
          }
          // A txn older than a compaction the index was trimmed to may have missed versions at or
          // below its own revision: read again in a fresh txn (one that is not older).
          return current < idx.trimmedThrough() ? null : out.build();
        });
  }

  /**
   * Every event with revision at least {@code fromRevision}, in revision order, each with its
   * prev_kv, up to {@code maxEvents} but never splitting one revision's events, from one read txn.
   * Empty when {@code fromRevision} is at or below the compacted revision.
   */
  public EventHistory readEvents(long fromRevision, int maxEvents) {
    return read(
        txn -> {
          long current = getLong(txn, Schema.REVISION, 0);
          long compacted = getLong(txn, Schema.COMPACT_REVISION, 0);
          KeyIndex idx = index;
          List<Event> events = new ArrayList<>();
          if (fromRevision <= compacted) {
            return new EventHistory(events, current, compacted);
          }
          try (Cursor<byte[]> c = dbs.rev().openCursor(txn)) {
            long last = -1;
            for (boolean found = c.get(Schema.revKey(fromRevision, 0), GetOp.MDB_SET_RANGE);
                found;
                found = c.next()) {
              byte[] key = c.key();
              long main = Schema.revMain(key);
              if (events.size() >= maxEvents && main != last) {
                break;
              }
              last = main;
              Event e = Schema.decodeEvent(c.val());
              byte[] k = e.getKv().getKey().toByteArray();
              KeyValue prev = History.previous(txn, dbs, idx, k, main, Schema.revSub(key));
              events.add(prev == null ? e : e.toBuilder().setPrevKv(prev).build());
            }
          }
          long trimmed = idx.trimmedThrough();
          if (fromRevision <= trimmed) {
            // A compaction newer than this txn trimmed the index meanwhile.
            return new EventHistory(List.of(), current, trimmed);
          }
          return new EventHistory(events, current, compacted);
        });
  }

  /** The store revision: how many mutating commands have been applied. */
  public long revision() {
    return read(txn -> getLong(txn, Schema.REVISION, 0));
  }

  /** Stored session responses, every session (for tests of the session window). */
  long storedResponses() {
    return read(txn -> responses.stat(txn).entries);
  }

  /** The revision at or below which history is compacted; 0 when never compacted. */
  public long compactRevision() {
    return read(txn -> getLong(txn, Schema.COMPACT_REVISION, 0));
  }

  /** True while compacted history still awaits physical deletion. */
  public boolean compactionPending() {
    return read(
        txn -> getLong(txn, Schema.COMPACT_FINISHED, 0) < getLong(txn, Schema.COMPACT_REVISION, 0));
  }

  /** Records examined per compaction slice; for tests that want many slices. */
  void compactionBatch(int records) {
    compactionBatch = records;
  }

  /** The (term, index) of the last applied entry, {@link TermIndexValue#NONE} if none. */
  public TermIndexValue appliedTermIndex() {
    return read(
        txn ->
            new TermIndexValue(
                getLong(txn, Schema.APPLIED_TERM, 0), getLong(txn, Schema.APPLIED_INDEX, -1)));
  }

  /** Forces every committed txn to disk. */
  public void sync() {
    withEnv(
        () -> {
          env.sync(true);
          return null;
        });
  }

  /** Bytes of the map in use (up to the last used page). */
  public long dbSizeBytes() {
    return withEnv(() -> (env.info().lastPageNumber + 1) * env.stat().pageSize);
  }

  /**
   * Pages of the data file that hold no live data: LMDB's free list (pages a later write reuses)
   * and the pages of the free list itself. A compact copy ({@link #copyCompactTo}, defrag) leaves
   * them out, so its file is this many pages smaller. Reads page counts in one read txn; cheap (a
   * few B-tree headers), meant for a metrics scrape, not the write path.
   */
  public long freePages() {
    return withEnv(
        () -> {
          for (int attempt = 1; ; attempt++) {
            try (Txn<byte[]> txn = env.txnRead()) {
              long used = pages(env.stat()); // the main DB, which names the others
              for (Dbi<byte[]> d : allDbis()) {
                used += pages(d.stat(txn));
              }
              // env.info() and env.stat() read the newest meta page: they agree with the txn's
              // snapshot only if nothing committed since it began; else count again.
              EnvInfo info = env.info();
              if (info.lastTransactionId == txn.getId() || attempt == 5) {
                return Math.max(0, info.lastPageNumber + 1 - META_PAGES - used);
              }
            }
          }
        });
  }

  private List<Dbi<byte[]>> allDbis() {
    return List.of(meta, dbs.rev(), dbs.lease(), dbs.leaseKeys(), sessions, responses);
  }

  private static long pages(Stat s) {
    return s.branchPages + s.leafPages + s.overflowPages;
  }

  /**
   * Writes a compact, fsynced copy of a consistent point-in-time image into {@code target}, which
   * must not exist or be an empty directory. The copy's meta describes what it holds.
   */
  public void copyCompactTo(Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> children = Files.list(target)) {
      if (children.findAny().isPresent()) {
        throw new IOException("copy target " + target + " is not empty");
      }
    }
    withEnv(
        () -> {
          env.copy(target.toFile(), CopyFlags.MDB_CP_COMPACT);
          return null;
        });
    // LMDB does not fsync the copy.
    try (Stream<Path> files = Files.list(target)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        force(f);
      }
    }
    force(target);
  }

  /**
   * Replaces the environment in {@code dir} (which no open store may use) with the compact copy in
   * {@code copyDir}, atomically; {@code copyDir} must be on the same file system.
   */
  public static void installCopy(Path copyDir, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.move(
        copyDir.resolve(DATA_FILE),
        dir.resolve(DATA_FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    force(dir);
  }

  /** How many live keys the store holds. */
  public long keyCount() {
    return read(txn -> index.liveKeys(getLong(txn, Schema.REVISION, 0)));
  }

  /**
   * Makes this store (a restored backup) the start of a new cluster: forgets the applied Raft
   * (term, index) and the client sessions, which belong to the old cluster's log (session ids are
   * log indices); keys, revisions, history and leases stay.
   */
  public void resetForNewCluster() {
    withEnv(
        () -> {
          try (Txn<byte[]> txn = env.txnWrite()) {
            meta.delete(txn, Schema.APPLIED_TERM);
            meta.delete(txn, Schema.APPLIED_INDEX);
            sessions.drop(txn);
            responses.drop(txn);
            txn.commit();
          }
          env.sync(true);
          return null;
        });
  }

  /** The LMDB data file of the environment in {@code dir} (what a copy or a backup consists of). */
  public static Path dataFile(Path dir) {
    return dir.resolve(DATA_FILE);
  }

  private static void force(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Waits for running txns, then closes the environment. Idempotent. */
  @Override
  public void close() {
    Lock lock = envLock.writeLock();
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        env.close();
        LOG.info("[{}] closed LMDB store", dir);
      }
    } finally {
      lock.unlock();
    }
  }

  private <T> T read(Function<Txn<byte[]>, T> body) {
    return withEnv(
        () -> {
          try (Txn<byte[]> txn = env.txnRead()) {
            return body.apply(txn);
          }
        });
  }

  private <T> T withEnv(Supplier<T> body) {
    Lock lock = envLock.readLock();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("store " + dir + " is closed");
      }
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  private long getLong(Txn<byte[]> txn, byte[] key, long absent) {
    byte[] v = meta.get(txn, key);
    return v == null ? absent : Schema.u64(v);
  }
}
