package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.EntryResult;

/**
 * The outcome of one {@link LoggedEntry}. {@code alreadyApplied} entries were at or below the
 * stored applied index: nothing ran and {@code result} is empty.
 */
public record EntryApplied(long term, long index, boolean alreadyApplied, EntryResult result) {}
