package io.cairn.client;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a get.
 *
 * @param header who answered, at which revision
 * @param kvs the key-values found, in key order (empty for count-only reads)
 * @param more whether keys beyond the limit remain in the range
 * @param count how many keys the range holds, ignoring the limit
 */
public record GetResult(ResponseHeader header, List<KeyValue> kvs, boolean more, long count)
    implements OpResult {
  public GetResult {
    kvs = List.copyOf(kvs);
  }

  /** The first key-value found, if any: for a single-key get, the key-value. */
  public Optional<KeyValue> first() {
    return kvs.isEmpty() ? Optional.empty() : Optional.of(kvs.get(0));
  }
}
