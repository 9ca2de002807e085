package io.cairn.server.watch;

import io.cairn.statemachine.ratis.EventBatch;

/** The member's revision history, as the hub reads it (the state machine in a node). */
public interface History {
  /**
   * Events with revision at or above {@code fromRevision}, at most about {@code maxEvents} (never
   * splitting a revision), from one short read.
   */
  EventBatch readEvents(long fromRevision, int maxEvents);

  /** The member's applied store revision. */
  long currentRevision();

  /** A Watch stream opened: from now on its events should not wait for batched applies. */
  default void streamOpened() {}
}
