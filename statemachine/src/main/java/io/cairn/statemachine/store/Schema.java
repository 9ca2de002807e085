package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.KeyValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** DBI names, meta keys and the byte layouts of every record. Integers are big-endian u64. */
final class Schema {
  static final long VERSION = 1;

  static final String META = "meta";
  static final String KV = "kv";
  static final String SESSION = "session";
  static final String SESSION_RESP = "session_resp";

  static final byte[] APPLIED_TERM = ascii("applied_term");
  static final byte[] APPLIED_INDEX = ascii("applied_index");
  static final byte[] REVISION = ascii("revision");
  static final byte[] LAST_SESSION_SWEEP_MS = ascii("last_session_sweep_ms");
  static final byte[] SCHEMA_VERSION = ascii("schema_version");

  /** kv value header: create_rev | mod_rev | version. */
  private static final int KV_HEADER = 24;

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
        .setValue(ByteString.copyFrom(value, KV_HEADER, value.length - KV_HEADER))
        .build();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
