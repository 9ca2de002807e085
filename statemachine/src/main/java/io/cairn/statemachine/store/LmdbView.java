package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.KvView;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import java.util.Arrays;
import java.util.function.Predicate;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The key space as of one revision seen through one LMDB transaction: {@link KeyIndex} names each
 * key's versions, {@code rev} holds them. Writes (writable views only) append to {@code rev}, add
 * to the index, keep {@code lease_keys} in step and collect events.
 */
final class LmdbView implements KvView {
  private final Txn<byte[]> txn;
  private final Dbis dbs;
  private final KeyIndex index;
  private final Effects effects;
  private final LmdbLeases leases;
  private final long revision;
  private long compactRevision;
  private long lastMain;
  private int nextSub;
  private byte[] lastReadKey;
  private KeyIndex.Versions lastReadVersions;

  /**
   * {@code effects} null for a read-only view. {@code revision} bounds the versions it sees: what a
   * reader's txn has committed, or a past revision; a writer passes {@link Long#MAX_VALUE} to see
   * its own changes.
   */
  LmdbView(Txn<byte[]> txn, Dbis dbs, KeyIndex index, Effects effects, long revision) {
    this.txn = txn;
    this.dbs = dbs;
    this.index = index;
    this.effects = effects;
    this.revision = revision;
    this.leases = new LmdbLeases(txn, dbs, effects);
    byte[] c = dbs.meta().get(txn, Schema.COMPACT_REVISION);
    this.compactRevision = c == null ? 0 : Schema.u64(c);
  }

  @Override
  public KeyValue get(ByteString key) {
    // LMDB rejects empty keys; none can exist
    if (key.isEmpty()) {
      return null;
    }
    byte[] k = key.toByteArray();
    KeyIndex.Versions v = index.versions(k);
    if (effects != null) {
      // The writer reads a key before it records a version of it: keep the index entry for that.
      lastReadKey = k;
      lastReadVersions = v;
    }
    return History.record(txn, dbs, v == null ? null : v.latestAt(revision));
  }

  @Override
  public void put(KeyValue kv, KeyValue prev) {
    writable();
    if (kv.getKey().isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    byte[] key = kv.getKey().toByteArray();
    long prevLease = prev == null ? 0 : prev.getLease();
    if (prevLease != kv.getLease()) {
      if (prevLease != 0) {
        leases.detach(prevLease, key);
      }
      if (kv.getLease() != 0) {
        leases.attach(kv.getLease(), key);
      }
    }
    Event event = Event.newBuilder().setType(Event.Type.PUT).setKv(kv).build();
    record(key, kv.getModRevision(), event, prev);
  }

  @Override
  public void delete(KeyValue prev, long revision) {
    writable();
    byte[] key = prev.getKey().toByteArray();
    if (prev.getLease() != 0) {
      leases.detach(prev.getLease(), key);
    }
    KeyValue gone = KeyValue.newBuilder().setKey(prev.getKey()).setModRevision(revision).build();
    record(key, revision, Event.newBuilder().setType(Event.Type.DELETE).setKv(gone).build(), prev);
  }

  /** Appends {@code event} to history as the next change of revision {@code main}. */
  private void record(byte[] key, long main, Event event, KeyValue prev) {
    if (main != lastMain) {
      lastMain = main;
      nextSub = 0;
    }
    int sub = nextSub++;
    // Revisions only grow, so every history record goes at the end of rev.
    dbs.rev().put(txn, Schema.revKey(main, sub), event.toByteArray(), PutFlags.MDB_APPEND);
    KeyIndex.Versions known = Arrays.equals(key, lastReadKey) ? lastReadVersions : null;
    lastReadKey = null; // used once: compaction runs after the batch's commands, never between
    lastReadVersions = null;
    index.add(key, known, main, sub, event.getType() == Event.Type.DELETE);
    effects.events.add(prev == null ? event : event.toBuilder().setPrevKv(prev).build());
  }

  @Override
  public void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor) {
    byte[] stop = end == null ? null : end.toByteArray();
    History.scan(txn, dbs, index, from.toByteArray(), stop, revision, visitor);
  }

  @Override
  public KvView at(long revision) {
    return new LmdbView(txn, dbs, index, null, revision);
  }

  private void writable() {
    if (effects == null) {
      throw new UnsupportedOperationException("read-only view");
    }
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  @Override
  public void compact(long revision) {
    writable();
    compactRevision = revision;
    dbs.meta().put(txn, Schema.COMPACT_REVISION, Schema.u64(revision));
    dbs.meta().delete(txn, Schema.COMPACT_NEXT_KEY); // a new target restarts the walk
    effects.compacted = revision;
  }

  @Override
  public LmdbLeases leases() {
    return leases;
  }
}
