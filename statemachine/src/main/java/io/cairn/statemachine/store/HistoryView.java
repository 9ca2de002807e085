package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.KvView;
import io.cairn.statemachine.apply.LeaseView;
import io.cairn.statemachine.proto.KeyValue;
import java.util.Arrays;
import java.util.function.Predicate;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/** The key space as of one past revision, read from {@code kidx} and {@code rev}. Read-only. */
final class HistoryView implements KvView {
  private final Txn<byte[]> txn;
  private final Dbis dbs;
  private final KvView current;
  private final long revision;

  HistoryView(Txn<byte[]> txn, Dbis dbs, KvView current, long revision) {
    this.txn = txn;
    this.dbs = dbs;
    this.current = current;
    this.revision = revision;
  }

  @Override
  public KeyValue get(ByteString key) {
    return key.isEmpty() ? null : History.versionAt(txn, dbs, key.toByteArray(), revision);
  }

  @Override
  public void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor) {
    byte[] stop = end == null ? null : end.toByteArray();
    try (Cursor<byte[]> c = dbs.kidx().openCursor(txn)) {
      boolean found = from.isEmpty() ? c.first() : c.get(from.toByteArray(), GetOp.MDB_SET_RANGE);
      while (found) {
        byte[] key = c.key();
        if (stop != null && Arrays.compareUnsigned(key, stop) >= 0) {
          return;
        }
        KeyValue kv = History.versionAt(txn, dbs, key, revision);
        if (kv != null && !visitor.test(kv)) {
          return;
        }
        found = c.seek(SeekOp.MDB_NEXT_NODUP);
      }
    }
  }

  @Override
  public KvView at(long revision) {
    return new HistoryView(txn, dbs, current, revision);
  }

  @Override
  public long compactRevision() {
    return current.compactRevision();
  }

  @Override
  public LeaseView leases() {
    return current.leases();
  }

  @Override
  public void put(KeyValue kv, KeyValue prev) {
    throw new UnsupportedOperationException("history is read-only");
  }

  @Override
  public void delete(KeyValue prev, long revision) {
    throw new UnsupportedOperationException("history is read-only");
  }

  @Override
  public void compact(long revision) {
    throw new UnsupportedOperationException("history is read-only");
  }
}
