package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.LeaseView;
import io.cairn.statemachine.proto.LeaseInfoResult;
import java.util.ArrayList;
import java.util.List;
import org.lmdbjava.Cursor;
import org.lmdbjava.GetOp;
import org.lmdbjava.SeekOp;
import org.lmdbjava.Txn;

/** The {@code lease} and {@code lease_keys} DBIs seen through one transaction. */
final class LmdbLeases implements LeaseView {
  private final Txn<byte[]> txn;
  private final Dbis dbs;
  private final Effects effects;

  /** {@code effects} null for a read-only view. */
  LmdbLeases(Txn<byte[]> txn, Dbis dbs, Effects effects) {
    this.txn = txn;
    this.dbs = dbs;
    this.effects = effects;
  }

  @Override
  public boolean exists(long id) {
    return dbs.lease().get(txn, Schema.u64(id)) != null;
  }

  @Override
  public void grant(long id, long ttlSeconds) {
    dbs.lease().put(txn, Schema.u64(id), Schema.leaseRow(ttlSeconds));
    effects.leaseChanges.add(new LeaseChange(id, ttlSeconds, true));
  }

  @Override
  public List<ByteString> keys(long id) {
    List<ByteString> out = new ArrayList<>();
    try (Cursor<byte[]> c = dbs.leaseKeys().openCursor(txn)) {
      for (boolean found = c.get(Schema.u64(id), GetOp.MDB_SET_KEY);
          found;
          found = c.seek(SeekOp.MDB_NEXT_DUP)) {
        out.add(ByteString.copyFrom(c.val()));
      }
    }
    return out;
  }

  @Override
  public void revoke(long id) {
    dbs.lease().delete(txn, Schema.u64(id));
    dbs.leaseKeys().delete(txn, Schema.u64(id)); // every dup
    effects.leaseChanges.add(new LeaseChange(id, 0, false));
  }

  @Override
  public long nextId() {
    byte[] v = dbs.meta().get(txn, Schema.LEASE_NEXT_ID);
    return v == null ? Schema.FIRST_LEASE_ID : Schema.u64(v);
  }

  @Override
  public void setNextId(long id) {
    dbs.meta().put(txn, Schema.LEASE_NEXT_ID, Schema.u64(id));
  }

  void attach(long id, byte[] key) {
    dbs.leaseKeys().put(txn, Schema.u64(id), key);
  }

  void detach(long id, byte[] key) {
    dbs.leaseKeys().delete(txn, Schema.u64(id), key);
  }

  /** The stored facts of lease {@code id}; keys only when {@code withKeys}. */
  LeaseInfoResult info(long id, boolean withKeys) {
    byte[] row = dbs.lease().get(txn, Schema.u64(id));
    LeaseInfoResult.Builder out = LeaseInfoResult.newBuilder().setId(id);
    if (row == null) {
      return out.build();
    }
    out.setFound(true).setTtlSeconds(Schema.u64(row));
    if (withKeys) {
      out.addAllKeys(keys(id));
    }
    return out.build();
  }

  /** Every lease in id order (unsigned), without keys. */
  List<LeaseInfoResult> list() {
    List<LeaseInfoResult> out = new ArrayList<>();
    try (Cursor<byte[]> c = dbs.lease().openCursor(txn)) {
      for (boolean found = c.first(); found; found = c.next()) {
        out.add(
            LeaseInfoResult.newBuilder()
                .setFound(true)
                .setId(Schema.u64(c.key()))
                .setTtlSeconds(Schema.u64(c.val()))
                .build());
      }
    }
    return out;
  }
}
