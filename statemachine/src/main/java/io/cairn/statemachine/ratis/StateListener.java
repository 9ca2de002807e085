package io.cairn.statemachine.ratis;

import io.cairn.statemachine.proto.Event;
import java.util.List;

/**
 * Hears what each applied entry changed. Called on the apply thread right after the LMDB commit of
 * the entry's group, in log order; never for replayed (already applied) entries. The entry's reply
 * may have left already, except for an entry that granted or revoked a lease: that one answers only
 * after this call. Implementations must not block: hand work off to another thread.
 */
public interface StateListener {
  /**
   * One applied entry: {@code revision} is the store revision after it, {@code events} its events
   * in revision order (empty when it changed nothing).
   */
  void committed(long revision, List<Event> events);

  /** How long the entry's LMDB apply took (before its {@link #committed} call); for metrics. */
  default void applied(long applyNanos) {}

  /** A lease was granted (after the entry's {@link #committed} call). */
  default void leaseGranted(long id, long ttlSeconds) {}

  /** A lease was revoked, its keys deleted (after the entry's {@link #committed} call). */
  default void leaseRevoked(long id) {}

  /** History at or below {@code compactRevision} is gone for reads and watches. */
  default void compacted(long compactRevision) {}
}
