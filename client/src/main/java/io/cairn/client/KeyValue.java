package io.cairn.client;

/**
 * A stored key and its value with the revisions that describe its history.
 *
 * @param key the key
 * @param value the value; empty when the read asked for keys only
 * @param createRevision revision of the put that created the key
 * @param modRevision revision of the last put of the key
 * @param version number of puts since the key was created (1 after the first)
 * @param lease the lease the key is attached to; 0 for none
 */
public record KeyValue(
    Bytes key, Bytes value, long createRevision, long modRevision, long version, long lease) {

  /** A key-value with no lease. */
  public KeyValue(Bytes key, Bytes value, long createRevision, long modRevision, long version) {
    this(key, value, createRevision, modRevision, version, 0);
  }
}
