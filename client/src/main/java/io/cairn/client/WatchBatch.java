package io.cairn.client;

import java.util.List;

/**
 * The events of one revision that match a watch: a transaction's changes arrive together.
 *
 * @param header the member that delivered them
 * @param revision the revision every event in the batch has
 * @param events the events, in the order the revision applied them (never empty)
 */
public record WatchBatch(ResponseHeader header, long revision, List<WatchEvent> events) {
  public WatchBatch {
    events = List.copyOf(events);
  }
}
