package io.cairn.statemachine.store;

import java.util.Map;
import org.lmdbjava.Txn;

/**
 * Physically deletes history at or below the compacted revision, a bounded slice per call: per key
 * it keeps the newest version at or below the compacted revision (none if that is a tombstone).
 * Progress lives in meta ({@code compact_next_key}, {@code compact_finished}), so a restart resumes
 * where the last committed slice stopped. No read depends on where a slice stops: reads at or below
 * the compacted revision fail before touching history.
 */
final class Compactor {
  private Compactor() {}

  /**
   * Deletes one slice of about {@code budget} examined versions (whole keys: a key is never split
   * across slices) from {@code rev} and {@code index}; true when more remains.
   */
  static boolean step(Txn<byte[]> txn, Dbis dbs, KeyIndex index, int budget) {
    long target = meta(txn, dbs, Schema.COMPACT_REVISION);
    if (meta(txn, dbs, Schema.COMPACT_FINISHED) >= target) {
      return false;
    }
    index.trimming(target); // before any trim: readers of older txns then know to refuse
    byte[] from = dbs.meta().get(txn, Schema.COMPACT_NEXT_KEY);
    byte[] resume = null;
    int work = 0;
    for (Map.Entry<byte[], KeyIndex.Versions> e :
        index.range(from == null ? new byte[0] : from, null).entrySet()) {
      if (work >= budget) {
        resume = e.getKey();
        break;
      }
      KeyIndex.Versions versions = e.getValue();
      work += versions.countAtOrBelow(target) + 1;
      for (KeyIndex.Version gone : versions.trim(target)) {
        dbs.rev().delete(txn, gone.revKey());
      }
      index.removeIfEmpty(e);
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
