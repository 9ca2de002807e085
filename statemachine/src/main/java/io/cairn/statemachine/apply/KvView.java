package io.cairn.statemachine.apply;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.KeyValue;
import java.util.function.Predicate;

/**
 * The key space as one transaction sees it: reads observe that transaction's earlier writes. Keys
 * order byte-wise unsigned. Writes also record history (one event per change) and keep lease
 * attachments in step with each record's {@code lease}.
 */
public interface KvView {
  /** The current record of {@code key}, or null when absent. */
  KeyValue get(ByteString key);

  /**
   * Stores {@code kv} under {@code kv.getKey()} as the version at {@code kv.getModRevision()};
   * {@code prev} is the record it replaces (null when none).
   */
  void put(KeyValue kv, KeyValue prev);

  /** Removes the existing record {@code prev} at {@code revision}. */
  void delete(KeyValue prev, long revision);

  /**
   * Visits records with {@code from <= key < end} in key order until {@code visitor} returns false;
   * a null {@code end} means no upper bound.
   */
  void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor);

  /**
   * A read-only view of the key space as it was right after {@code revision}, which must be above
   * {@link #compactRevision()} and at most the current revision.
   */
  KvView at(long revision);

  /** History at or below this revision is compacted (0 = none). */
  long compactRevision();

  /** Makes {@code revision} the compacted revision; physical deletion happens later. */
  void compact(long revision);

  /** The lease table of the same transaction. */
  LeaseView leases();
}
