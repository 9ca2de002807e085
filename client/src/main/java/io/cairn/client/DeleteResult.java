package io.cairn.client;

import java.util.List;

/**
 * The answer to a delete.
 *
 * @param header who answered, at which revision
 * @param deleted how many keys were deleted
 * @param prevKvs the deleted key-values, when asked for with {@link
 *     DeleteOptions.Builder#prevKvs(boolean)}
 */
public record DeleteResult(ResponseHeader header, long deleted, List<KeyValue> prevKvs)
    implements OpResult {
  public DeleteResult {
    prevKvs = List.copyOf(prevKvs);
  }
}
