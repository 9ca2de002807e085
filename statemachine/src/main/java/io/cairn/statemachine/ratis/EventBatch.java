package io.cairn.statemachine.ratis;

import io.cairn.statemachine.proto.Event;
import java.util.List;

/**
 * Events read back from history by {@link CairnStateMachine#readEvents}.
 *
 * @param events events with revision at or above the requested one, in revision order; never splits
 *     one revision's events; empty when the request was at or below {@code compactRevision}
 * @param lastRevision the store revision the read saw
 * @param compactRevision the compacted revision the read saw: history strictly above it is complete
 */
public record EventBatch(List<Event> events, long lastRevision, long compactRevision) {
  public EventBatch {
    events = List.copyOf(events);
  }
}
