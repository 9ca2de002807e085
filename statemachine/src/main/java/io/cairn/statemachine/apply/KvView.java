package io.cairn.statemachine.apply;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.KeyValue;
import java.util.function.Predicate;

/**
 * The key space as one transaction sees it: reads observe that transaction's earlier writes. Keys
 * order byte-wise unsigned.
 */
public interface KvView {
  /** The current record of {@code key}, or null when absent. */
  KeyValue get(ByteString key);

  /** Stores {@code kv} under {@code kv.getKey()}, replacing any record. */
  void put(KeyValue kv);

  /** Removes {@code key}; true when it existed. */
  boolean delete(ByteString key);

  /**
   * Visits records with {@code from <= key < end} in key order until {@code visitor} returns false;
   * a null {@code end} means no upper bound.
   */
  void scan(ByteString from, ByteString end, Predicate<KeyValue> visitor);
}
