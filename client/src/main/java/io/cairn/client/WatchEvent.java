package io.cairn.client;

import java.util.Optional;

/**
 * One change of one key.
 *
 * @param type whether the key was put or deleted
 * @param kv for a put, the new key-value; for a delete, the key with {@code modRevision} = the
 *     deleting revision (everything else zero or empty)
 * @param prevKv the key-value before the change, when asked for with {@link
 *     WatchOptions.Builder#prevKv(boolean)} and the key existed
 */
public record WatchEvent(Type type, KeyValue kv, Optional<KeyValue> prevKv) {
  /** The kind of change. */
  public enum Type {
    PUT,
    DELETE
  }

  /** The revision of this change. */
  public long revision() {
    return kv.modRevision();
  }
}
