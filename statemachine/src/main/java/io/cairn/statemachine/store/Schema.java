package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** DBI names, meta keys and the byte layouts of every record. Integers are big-endian u64. */
final class Schema {
  /** 2: MVCC history, leases and compaction (issue 5). Version 1 stores are not migrated. */
  static final long VERSION = 2;

  /** The first id a grant without an id gets. */
  static final long FIRST_LEASE_ID = 1;

  static final String META = "meta";
  static final String KV = "kv";
  static final String SESSION = "session";
  static final String SESSION_RESP = "session_resp";
  static final String REV = "rev";
  static final String KIDX = "kidx";
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

  /** kv value header: create_rev | mod_rev | version | lease. */
  private static final int KV_HEADER = 32;

  /** kidx dup: main | sub | tombstone flag. */
  static final int DUP_BYTES = 13;

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

  static byte[] encodeKv(KeyValue kv) {
    ByteBuffer b = ByteBuffer.allocate(KV_HEADER + kv.getValue().size());
    b.putLong(kv.getCreateRevision()).putLong(kv.getModRevision()).putLong(kv.getVersion());
    b.putLong(kv.getLease());
    kv.getValue().copyTo(b);
    return b.array();
  }

  static KeyValue decodeKv(byte[] key, byte[] value) {
    ByteBuffer b = ByteBuffer.wrap(value);
    return KeyValue.newBuilder()
        .setKey(ByteString.copyFrom(key))
        .setCreateRevision(b.getLong())
        .setModRevision(b.getLong())
        .setVersion(b.getLong())
        .setLease(b.getLong())
        .setValue(ByteString.copyFrom(value, KV_HEADER, value.length - KV_HEADER))
        .build();
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

  static byte[] dup(long main, int sub, boolean tombstone) {
    return ByteBuffer.allocate(DUP_BYTES)
        .putLong(main)
        .putInt(sub)
        .put((byte) (tombstone ? 1 : 0))
        .array();
  }

  static long dupMain(byte[] dup) {
    return ByteBuffer.wrap(dup).getLong(0);
  }

  static int dupSub(byte[] dup) {
    return ByteBuffer.wrap(dup).getInt(8);
  }

  static boolean dupTombstone(byte[] dup) {
    return dup[12] != 0;
  }

  /** The rev record a kidx dup points at. */
  static byte[] revKeyOf(byte[] dup) {
    return Arrays.copyOf(dup, 12);
  }

  /** rev value: the event without prev_kv (rebuilt from kidx on read). */
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
