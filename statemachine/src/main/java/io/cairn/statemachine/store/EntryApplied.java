package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.EntryResult;
import io.cairn.statemachine.proto.Event;
import java.util.List;

/**
 * The outcome of one {@link LoggedEntry}. {@code alreadyApplied} entries were at or below the
 * stored applied index: nothing ran, {@code result} is empty and there are no effects.
 *
 * @param revision the store revision right after the entry
 * @param events the entry's changes in revision order, each with its prev_kv when there was one
 * @param leaseChanges leases the entry granted or revoked, in command order
 * @param compacted the revision the entry compacted history to, 0 when it did not compact
 */
public record EntryApplied(
    long term,
    long index,
    boolean alreadyApplied,
    EntryResult result,
    long revision,
    List<Event> events,
    List<LeaseChange> leaseChanges,
    long compacted) {
  static EntryApplied skipped(long term, long index, long revision) {
    return new EntryApplied(
        term, index, true, EntryResult.getDefaultInstance(), revision, List.of(), List.of(), 0);
  }
}
