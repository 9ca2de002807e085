package io.cairn.client;

import java.util.List;

/**
 * Every lease of the cluster.
 *
 * @param header who answered
 * @param ids the leases' ids
 */
public record LeaseList(ResponseHeader header, List<Long> ids) {
  public LeaseList {
    ids = List.copyOf(ids);
  }
}
