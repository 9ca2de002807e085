package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.KvView;
import io.cairn.statemachine.proto.KeyValue;
import java.util.Arrays;
import java.util.function.Predicate;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/** The {@code kv} DBI seen through one LMDB transaction (read or write). */
final class LmdbView implements KvView {
  private final Txn<byte[]> txn;
  private final Dbi<byte[]> kv;

  LmdbView(Txn<byte[]> txn, Dbi<byte[]> kv) {
    this.txn = txn;
    this.kv = kv;
  }

  @Override
  public KeyValue get(ByteString key) {
    if (key.isEmpty()) {
      return null; // LMDB rejects empty keys; none can exist
    }
    byte[] k = key.toByteArray();
    byte[] v = kv.get(txn, k);
    return v == null ? null : Schema.decodeKv(k, v);
  }

  @Override
  public void put(KeyValue record) {
    if (record.getKey().isEmpty()) {
      throw new IllegalArgumentException("empty key");
    }
    kv.put(txn, record.getKey().toByteArray(), Schema.encodeKv(record));
  }

  @Override
  public boolean delete(ByteString key) {
    return !key.isEmpty() && kv.delete(txn, key.toByteArray());
  }

  @Override
  public void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor) {
    byte[] stop = end == null ? null : end.toByteArray();
    try (Cursor<byte[]> c = kv.openCursor(txn)) {
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
}
