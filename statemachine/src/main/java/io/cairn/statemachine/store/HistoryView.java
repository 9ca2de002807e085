package io.cairn.statemachine.store;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.apply.KvView;
import io.cairn.statemachine.apply.LeaseView;
import io.cairn.statemachine.proto.KeyValue;
import java.util.function.Predicate;
import org.lmdbjava.Txn;

/** The key space as of one past revision, read through the key index. Read-only. */
final class HistoryView implements KvView {
  private final Txn<byte[]> txn;
  private final Dbis dbs;
  private final KeyIndex index;
  private final KvView current;
  private final long revision;

  HistoryView(Txn<byte[]> txn, Dbis dbs, KeyIndex index, KvView current, long revision) {
    this.txn = txn;
    this.dbs = dbs;
    this.index = index;
    this.current = current;
    this.revision = revision;
  }

  @Override
  public KeyValue get(ByteString key) {
    return key.isEmpty() ? null : History.versionAt(txn, dbs, index, key.toByteArray(), revision);
  }

  @Override
  public void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor) {
    byte[] stop = end == null ? null : end.toByteArray();
    History.scan(txn, dbs, index, from.toByteArray(), stop, revision, visitor);
  }

  @Override
  public KvView at(long revision) {
    return new HistoryView(txn, dbs, index, current, revision);
  }

  @Override
  public long compactRevision() {
    return current.compactRevision();
  }

  @Override
  public LeaseView leases() {
    return current.leases();
  }

  @Override
  public void put(KeyValue kv, KeyValue prev) {
    throw new UnsupportedOperationException("history is read-only");
  }

  @Override
  public void delete(KeyValue prev, long revision) {
    throw new UnsupportedOperationException("history is read-only");
  }

  @Override
  public void compact(long revision) {
    throw new UnsupportedOperationException("history is read-only");
  }
}
