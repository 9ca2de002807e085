package io.cairn.statemachine.store;

import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/**
 * Physically deletes history at or below the compacted revision, a bounded slice per call: per key
 * it keeps the newest version at or below the compacted revision (none if that is a tombstone).
 * Progress lives in meta ({@code compact_next_key}, {@code compact_finished}), so a restart resumes
 * where the last committed slice stopped. Deterministic, but no read depends on it: reads at or
 * below the compacted revision fail before touching history.
 */
final class Compactor {
  private Compactor() {}

  /**
   * Deletes one slice of about {@code budget} examined index records (whole keys: a key is never
   * split across slices); true when more remains.
   */
  static boolean step(Txn<byte[]> txn, Dbis dbs, int budget) {
    long target = meta(txn, dbs, Schema.COMPACT_REVISION);
    if (meta(txn, dbs, Schema.COMPACT_FINISHED) >= target) {
      return false;
    }
    byte[] from = dbs.meta().get(txn, Schema.COMPACT_NEXT_KEY);
    List<byte[][]> doomed = new ArrayList<>();
    byte[] resume = null;
    int work = 0;
    try (Cursor<byte[]> c = dbs.kidx().openCursor(txn)) {
      boolean found = from == null ? c.first() : c.get(from, GetOp.MDB_SET_RANGE);
      while (found) {
        byte[] key = c.key();
        if (work >= budget) {
          resume = key;
          break;
        }
        List<byte[]> old = new ArrayList<>(); // this key's versions at or below target
        for (boolean dup = true; dup && Schema.dupMain(c.val()) <= target; ) {
          old.add(c.val());
          dup = c.seek(SeekOp.MDB_NEXT_DUP);
        }
        work += old.size() + 1;
        int keep = old.isEmpty() || Schema.dupTombstone(old.get(old.size() - 1)) ? 0 : 1;
        for (byte[] dup : old.subList(0, old.size() - keep)) {
          doomed.add(new byte[][] {key, dup});
        }
        // Re-seek the key: do not rely on where a failed NEXT_DUP left the cursor.
        found = c.get(key, GetOp.MDB_SET_KEY) && c.seek(SeekOp.MDB_NEXT_NODUP);
      }
    }
    for (byte[][] d : doomed) {
      dbs.kidx().delete(txn, d[0], d[1]);
      dbs.rev().delete(txn, Schema.revKeyOf(d[1]));
    }
    if (resume == null) {
      dbs.meta().put(txn, Schema.COMPACT_FINISHED, Schema.u64(target));
      dbs.meta().delete(txn, Schema.COMPACT_NEXT_KEY);
      return false;
    }
    dbs.meta().put(txn, Schema.COMPACT_NEXT_KEY, resume);
    return true;
  }

  private static long meta(Txn<byte[]> txn, Dbis dbs, byte[] key) {
    byte[] v = dbs.meta().get(txn, key);
    return v == null ? 0 : Schema.u64(v);
  }
}
