package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/** Point reads of the {@code rev} history through the {@code kidx} per-key index. */
final class History {
  private History() {}

  /** {@code key}'s record as of {@code revision}, or null when absent then. */
  static KeyValue versionAt(Txn<byte[]> txn, Dbis dbs, byte[] key, long revision) {
    try (Cursor<byte[]> c = dbs.kidx().openCursor(txn)) {
      boolean found;
      if (c.get(key, Schema.dup(revision + 1, 0, false), SeekOp.MDB_GET_BOTH_RANGE)) {
        found = c.seek(SeekOp.MDB_PREV_DUP); // the newest version at or below revision
      } else {
        found = c.get(key, GetOp.MDB_SET_KEY) && c.seek(SeekOp.MDB_LAST_DUP);
      }
      return found ? record(txn, dbs, c.val()) : null;
    }
  }

  /** The version of the event's key just before the change stored under {@code dup}. */
  static KeyValue previous(Txn<byte[]> txn, Dbis dbs, byte[] key, byte[] dup) {
    try (Cursor<byte[]> c = dbs.kidx().openCursor(txn)) {
      if (!c.get(key, dup, SeekOp.MDB_GET_BOTH)) {
        throw new IllegalStateException("history index lacks a record of its own event");
      }
      return c.seek(SeekOp.MDB_PREV_DUP) ? record(txn, dbs, c.val()) : null;
    }
  }

  /** The kidx dup of {@code event} stored at (main, sub). */
  static byte[] dupOf(Event event, long main, int sub) {
    return Schema.dup(main, sub, event.getType() == Event.Type.DELETE);
  }

  private static KeyValue record(Txn<byte[]> txn, Dbis dbs, byte[] dup) {
    if (Schema.dupTombstone(dup)) {
      return null;
    }
    byte[] v = dbs.rev().get(txn, Schema.revKeyOf(dup));
    if (v == null) {
      throw new IllegalStateException(
          "history record " + Schema.dupMain(dup) + "/" + Schema.dupSub(dup) + " is missing");
    }
    return Schema.decodeEvent(v).getKv();
  }
}
