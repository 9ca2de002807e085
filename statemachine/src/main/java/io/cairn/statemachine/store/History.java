package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.KeyValue;
import java.util.Map;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/**
 * Reads of the key space as of one revision: the {@link KeyIndex} names the version, the {@code
 * rev} record in the reader's txn holds it. The current key space is the view at the newest
 * revision.
 */
final class History {
  private History() {}

  /** Visits the records as of {@code revision} with {@code from <= key < end} in key order. */
  static void scan(
      Txn<byte[]> txn,
      Dbis dbs,
      KeyIndex index,
      byte[] from,
      byte[] end,
      long revision,
      Predicate<KeyValue> visitor) {
    for (Map.Entry<byte[], KeyIndex.Versions> e : index.range(from, end).entrySet()) {
      KeyValue kv = record(txn, dbs, e.getValue().latestAt(revision));
      if (kv != null && !visitor.test(kv)) {
        return;
      }
    }
  }

  /** The version of {@code key} just before its change at (main, sub). */
  static KeyValue previous(
      Txn<byte[]> txn, Dbis dbs, KeyIndex index, byte[] key, long main, int sub) {
    return record(txn, dbs, index.before(key, main, sub));
  }

  /** The record of {@code version}, or null for none or a tombstone. */
  static KeyValue record(Txn<byte[]> txn, Dbis dbs, KeyIndex.Version version) {
    if (version == null || version.tombstone()) {
      return null;
    }
    byte[] v = dbs.rev().get(txn, version.revKey());
    if (v == null) {
      throw new IllegalStateException(
          "history record " + version.main() + "/" + version.sub() + " is missing");
    }
    return Schema.decodeEvent(v).getKv();
  }
}
