package io.cairn.statemachine.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.lmdbjava.Cursor;
import org.lmdbjava.Dbi;
import org.lmdbjava.GetOp;
import org.lmdbjava.Txn;

/**
 * Exactly-once client sessions (Raft dissertation §6.3) with a window of retained responses, so a
 * client can pipeline. Lives in the caller's write txn; time comes only from the log entry.
 */
final class SessionTable {
  private final Txn<byte[]> txn;
  private final Dbi<byte[]> sessions;
  private final Dbi<byte[]> responses;

  SessionTable(Txn<byte[]> txn, Dbi<byte[]> sessions, Dbi<byte[]> responses) {
    this.txn = txn;
    this.sessions = sessions;
    this.responses = responses;
  }

  /**
   * Runs {@code apply} at most once per (session, seq): a retry gets the stored result, a seq the
   * session no longer retains gets a {@code session_error}. Session 0 is not deduplicated.
   */
  CommandResult execute(
      Command cmd, long leaderTimeMs, long revision, Supplier<CommandResult> apply) {
    long sid = cmd.getSessionId();
    if (sid == 0) {
      return apply.get();
    }
    long seq = cmd.getSeq();
    byte[] sidKey = Schema.u64(sid);
    byte[] row = sessions.get(txn, sidKey);
    long minRetained = row == null ? 0 : Schema.minRetainedSeq(row);
    if (row != null && Long.compareUnsigned(seq, minRetained) < 0) {
      return CommandResult.newBuilder()
          .setRevision(revision)
          .setSessionError(
              "seq "
                  + Long.toUnsignedString(seq)
                  + " of session "
                  + Long.toUnsignedString(sid)
                  + " is no longer retained")
          .build();
    }
    byte[] stored = responses.get(txn, Schema.responseKey(sid, seq));
    if (stored != null) {
      sessions.put(txn, sidKey, Schema.sessionRow(leaderTimeMs, minRetained));
      return parse(stored);
    }
    CommandResult result = apply.get();
    responses.put(txn, Schema.responseKey(sid, seq), result.toByteArray());
    long fis = cmd.getFirstIncompleteSeq();
    long newMin = Long.compareUnsigned(fis, minRetained) > 0 ? fis : minRetained;
    // Responses below the window are unreachable (their seq gets a session_error), so they go in
    // slices: a cursor walk when the window crosses a multiple of 32, not one per command.
    if (newMin >>> 5 != minRetained >>> 5) {
      deleteResponses(sid, newMin);
    }
    sessions.put(txn, sidKey, Schema.sessionRow(leaderTimeMs, newMin));
    return result;
  }

  /** Deletes every session last active before {@code cutoffMs}, with its responses. */
  void expire(long cutoffMs) {
    List<Long> expired = new ArrayList<>();
    try (Cursor<byte[]> c = sessions.openCursor(txn)) {
      for (boolean found = c.first(); found; found = c.next()) {
        if (Schema.lastActiveMs(c.val()) < cutoffMs) {
          expired.add(Schema.u64(c.key()));
        }
      }
    }
    for (long sid : expired) {
      sessions.delete(txn, Schema.u64(sid));
      deleteResponses(sid, -1L); // -1 is the largest unsigned seq: all but seq 2^64-1
      responses.delete(txn, Schema.responseKey(sid, -1L));
    }
  }

  /** Deletes the stored responses of {@code sid} with seq below {@code belowSeq} (unsigned). */
  private void deleteResponses(long sid, long belowSeq) {
    List<byte[]> doomed = new ArrayList<>();
    try (Cursor<byte[]> c = responses.openCursor(txn)) {
      for (boolean found = c.get(Schema.responseKey(sid, 0), GetOp.MDB_SET_RANGE);
          found;
          found = c.next()) {
        byte[] key = c.key();
        if (Schema.responseSession(key) != sid
            || Arrays.compareUnsigned(key, Schema.responseKey(sid, belowSeq)) >= 0) {
          break;
        }
        doomed.add(key);
      }
    }
    for (byte[] key : doomed) {
      responses.delete(txn, key);
    }
  }

  private static CommandResult parse(byte[] stored) {
    try {
      return CommandResult.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt stored session response", e);
    }
  }
}
