package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.KvView;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import java.util.Arrays;
import java.util.function.Predicate;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.PutFlags;
import org.lmdbjava.Txn;

/**
 * The latest key space ({@code kv}) seen through one LMDB transaction; writes also append to the
 * history ({@code rev}, {@code kidx}), keep {@code lease_keys} in step and collect events.
 */
final class LmdbView implements KvView {
  private final Txn<byte[]> txn;
  private final Dbis dbs;
  private final Effects effects;
  private final LmdbLeases leases;
  private long compactRevision;
  private long lastMain;
  private int nextSub;

  /** {@code effects} null for a read-only view. */
  LmdbView(Txn<byte[]> txn, Dbis dbs, Effects effects) {
    this.txn = txn;
    this.dbs = dbs;
    this.effects = effects;
    this.leases = new LmdbLeases(txn, dbs, effects);
    byte[] c = dbs.meta().get(txn, Schema.COMPACT_REVISION);
    this.compactRevision = c == null ? 0 : Schema.u64(c);
  }

  @Override
  public KeyValue get(ByteString key) {
    if (key.isEmpty()) {
      return null; // LMDB rejects empty keys; none can exist
    }
    byte[] k = key.toByteArray();
    byte[] v = dbs.kv().get(txn, k);
    return v == null ? null : Schema.decodeKv(k, v);
  }

  @Override
  public void put(KeyValue kv, KeyValue prev) {
    if (kv.getKey().isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    byte[] key = kv.getKey().toByteArray();
    dbs.kv().put(txn, key, Schema.encodeKv(kv));
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
    byte[] key = prev.getKey().toByteArray();
    dbs.kv().delete(txn, key);
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
    dbs.kidx().put(txn, key, History.dupOf(event, main, sub));
    effects.events.add(prev == null ? event : event.toBuilder().setPrevKv(prev).build());
  }

  @Override
  public void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor) {
    byte[] stop = end == null ? null : end.toByteArray();
    try (Cursor<byte[]> c = dbs.kv().openCursor(txn)) {
      boolean found = from.isEmpty() ? c.first() : c.get(from.toByteArray(), GetOp.MDB_SET_RANGE);
      while (found) {
        byte[] key = c.key();
        // Compare unsigned in Java too: the stop check must agree with LMDB's memcmp order.
        if (stop != null && Arrays.compareUnsigned(key, stop) >= 0) {
          return;
        }
        if (!visitor.test(Schema.decodeKv(key, c.val()))) {
          return;
        }
        found = c.next();
      }
    }
  }

  @Override
  public KvView at(long revision) {
    return new HistoryView(txn, dbs, this, revision);
  }

  @Override
  public long compactRevision() {
    return compactRevision;
  }

  @Override
  public void compact(long revision) {
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
