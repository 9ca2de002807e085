package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.lmdbjava.Cursor;
import org.lmdbjava.Txn;

/**
 * Every key's versions (revision and whether it was a delete), in memory and rebuilt from {@code
 * rev} at open, as etcd keeps its key index. On disk a put then only appends to {@code rev}: a
 * key-ordered tree would dirty a random leaf per put (measured in docs/benchmarks.md).
 *
 * <p>One writer (the apply thread) adds versions before its txn commits; readers pass the revision
 * of their own txn and never see a version above it. Compaction trims versions readers of an older
 * txn may still want, so such readers check {@link #trimmedThrough()} after reading.
 */
final class KeyIndex {
  /** A version of a key: the rev record at (main, sub); a tombstone marks a delete. */
  record Version(long main, int sub, boolean tombstone) {
    byte[] revKey() {
      return Schema.revKey(main, sub);
    }
  }

  private final ConcurrentSkipListMap<byte[], Versions> keys =
      new ConcurrentSkipListMap<>((a, b) -> Arrays.compareUnsigned(a, b));
  private volatile long trimmedThrough;

  private KeyIndex(long compactRevision) {
    this.trimmedThrough = compactRevision;
  }

  /** Builds the index of the history committed as {@code txn} sees it. */
  static KeyIndex load(Txn<byte[]> txn, Dbis dbs, long compactRevision) {
    KeyIndex index = new KeyIndex(compactRevision);
    try (Cursor<byte[]> c = dbs.rev().openCursor(txn)) {
      for (boolean found = c.first(); found; found = c.next()) {
        byte[] revKey = c.key();
        Event e = Schema.decodeEvent(c.val());
        index.add(
            e.getKv().getKey().toByteArray(),
            Schema.revMain(revKey),
            Schema.revSub(revKey),
            e.getType() == Event.Type.DELETE);
      }
    }
    return index;
  }

  /** Records a change of {@code key}; versions of a key arrive in (main, sub) order. */
  void add(byte[] key, long main, int sub, boolean tombstone) {
    add(key, null, main, sub, tombstone);
  }

  /**
   * As {@link #add(byte[], long, int, boolean)}, with {@code known} the key's entry from {@link
   * #versions} if the writer has it (saves a second walk of the skip list per put).
   */
  void add(byte[] key, Versions known, long main, int sub, boolean tombstone) {
    Versions v = known != null ? known : keys.computeIfAbsent(key, k -> new Versions());
    v.add(main, sub, tombstone);
  }

  /** {@code key}'s versions, or null when the index has none. */
  Versions versions(byte[] key) {
    return keys.get(key);
  }

  /** The version of {@code key} just before (main, sub), which must be one of its versions. */
  Version before(byte[] key, long main, int sub) {
    Versions v = keys.get(key);
    if (v == null) {
      throw new IllegalStateException("key index lacks a record of its own event");
    }
    return v.before(main, sub);
  }

  /** Keys with {@code from <= key < end} (null end: no bound), in key order. */
  NavigableMap<byte[], Versions> range(byte[] from, byte[] end) {
    if (end != null && Arrays.compareUnsigned(end, from) <= 0) {
      return new ConcurrentSkipListMap<>();
    }
    NavigableMap<byte[], Versions> tail = from.length == 0 ? keys : keys.tailMap(from, true);
    return end == null ? tail : tail.headMap(end, false);
  }

  /** How many keys exist (their newest version at or below {@code revision} is not a delete). */
  long liveKeys(long revision) {
    long n = 0;
    for (Versions v : keys.values()) {
      Version latest = v.latestAt(revision);
      n += latest != null && !latest.tombstone() ? 1 : 0;
    }
    return n;
  }

  /** Compaction to {@code target} is under way: reads at or below it may miss versions. */
  void trimming(long target) {
    trimmedThrough = Math.max(trimmedThrough, target);
  }

  long trimmedThrough() {
    return trimmedThrough;
  }

  /** Drops {@code key} once compaction left it no version (a writer-only call). */
  void removeIfEmpty(Map.Entry<byte[], Versions> e) {
    if (e.getValue().isEmpty()) {
      keys.remove(e.getKey(), e.getValue());
    }
  }

  /** One key's versions in (main, sub) order: two longs each, main then sub << 1 | tombstone. */
  static final class Versions {
    private long[] v = new long[4];
    private int n;

    synchronized void add(long main, int sub, boolean tombstone) {
      if (2 * n == v.length) {
        v = Arrays.copyOf(v, v.length * 2);
      }
      v[2 * n] = main;
      v[2 * n + 1] = ((long) sub << 1) | (tombstone ? 1 : 0);
      n++;
    }

    synchronized Version latestAt(long revision) {
      int i = countAtOrBelow(revision) - 1;
      return i < 0 ? null : at(i);
    }

    synchronized Version before(long main, int sub) {
      // Versions sort by (main, sub): binary search the first at or after (main, sub).
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        long m = v[2 * mid];
        if (m < main || (m == main && (int) (v[2 * mid + 1] >>> 1) < sub)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo == n || v[2 * lo] != main || (int) (v[2 * lo + 1] >>> 1) != sub) {
        throw new IllegalStateException("key index lacks version " + main + "/" + sub);
      }
      return lo == 0 ? null : at(lo - 1);
    }

    /** How many versions have main at or below {@code revision} (binary search). */
    synchronized int countAtOrBelow(long revision) {
      int lo = 0;
      int hi = n;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (v[2 * mid] <= revision) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /**
     * Removes the versions at or below {@code target} except the newest of them when it is not a
     * delete (reads above {@code target} still need it); returns the removed ones.
     */
    synchronized List<Version> trim(long target) {
      int k = countAtOrBelow(target);
      int cut = k > 0 && (v[2 * k - 1] & 1) == 0 ? k - 1 : k;
      List<Version> removed = new ArrayList<>(cut);
      for (int i = 0; i < cut; i++) {
        removed.add(at(i));
      }
      System.arraycopy(v, 2 * cut, v, 0, 2 * (n - cut));
      n -= cut;
      if (v.length > 8 && 8 * n <= v.length) {
        v = Arrays.copyOf(v, Math.max(4, 4 * n)); // give back what a long history took
      }
      return removed;
    }

    synchronized boolean isEmpty() {
      return n == 0;
    }

    private Version at(int i) {
      long s = v[2 * i + 1];
      return new Version(v[2 * i], (int) (s >>> 1), (s & 1) != 0);
    }
  }
}
