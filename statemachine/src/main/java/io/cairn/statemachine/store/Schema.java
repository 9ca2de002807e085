package io.cairn.statemachine.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.statemachine.proto.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** DBI names, meta keys and the byte layouts of every record. Integers are big-endian u64. */
final class Schema {
  /**
   * 3: history in {@code rev} only, keys indexed in memory. 2 (MVCC history, leases, compaction)
   * had the key-ordered {@code kv} and {@code kidx} besides and is migrated by dropping them.
   * Version 1 stores are not migrated.
   */
  static final long VERSION = 3;

  /** The schema version that {@link #VERSION} migrates from. */
  static final long VERSION_WITH_KEY_TREES = 2;

  /** The first id a grant without an id gets. */
  static final long FIRST_LEASE_ID = 1;

  static final String META = "meta";

  /** Version 2's key-ordered DBIs: the latest record per key, and per key its revisions. */
  static final String V2_KV = "kv";

  static final String V2_KIDX = "kidx";
  static final String SESSION = "session";
  static final String SESSION_RESP = "session_resp";
  static final String REV = "rev";
  static final String LEASE = "lease";
  static final String LEASE_KEYS = "lease_keys";

  static final byte[] APPLIED_TERM = ascii("applied_term");
  static final byte[] APPLIED_INDEX = ascii("applied_index");
  static final byte[] REVISION = ascii("revision");
  static final byte[] LAST_SESSION_SWEEP_MS = ascii("last_session_sweep_ms");
  static final byte[] SCHEMA_VERSION = ascii("schema_version");
  static final byte[] COMPACT_REVISION = ascii("compact_revision");
  static final byte[] COMPACT_FINISHED = ascii("compact_finished");
  static final byte[] COMPACT_NEXT_KEY = ascii("compact_next_key");
  static final byte[] LEASE_NEXT_ID = ascii("lease_next_id");

  private Schema() {}

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long u64(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** session_resp key: session_id | seq, so one session's responses sort together by seq. */
  static byte[] responseKey(long sessionId, long seq) {
    return ByteBuffer.allocate(16).putLong(sessionId).putLong(seq).array();
  }

  static long responseSession(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  static byte[] sessionRow(long lastActiveMs, long minRetainedSeq) {
    return ByteBuffer.allocate(16).putLong(lastActiveMs).putLong(minRetainedSeq).array();
  }

  static long lastActiveMs(byte[] row) {
    return ByteBuffer.wrap(row).getLong(0);
  }

  static long minRetainedSeq(byte[] row) {
    return ByteBuffer.wrap(row).getLong(8);
  }

  /** rev key: main | sub, so history sorts by revision. */
  static byte[] revKey(long main, int sub) {
    return ByteBuffer.allocate(12).putLong(main).putInt(sub).array();
  }

  static long revMain(byte[] key) {
    return ByteBuffer.wrap(key).getLong(0);
  }

  static int revSub(byte[] key) {
    return ByteBuffer.wrap(key).getInt(8);
  }

  /** rev value: the event without prev_kv (rebuilt through the key index on read). */
  static Event decodeEvent(byte[] value) {
    try {
      return Event.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt history record", e);
    }
  }

  /** lease value: ttl_seconds. */
  static byte[] leaseRow(long ttlSeconds) {
    return u64(ttlSeconds);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
