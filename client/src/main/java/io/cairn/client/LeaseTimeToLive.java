package io.cairn.client;

import java.util.List;

/**
 * A lease's remaining life.
 *
 * @param header who answered (the leader)
 * @param id the lease
 * @param ttl remaining seconds; -1 when the lease does not exist
 * @param grantedTtl the TTL it was granted with
 * @param keys the keys attached to it, when asked for
 */
public record LeaseTimeToLive(
    ResponseHeader header, long id, long ttl, long grantedTtl, List<Bytes> keys) {
  public LeaseTimeToLive {
    keys = List.copyOf(keys);
  }

  /** Whether the lease existed when asked. */
  public boolean exists() {
    return ttl >= 0;
  }
}
