package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.Entry;

/** One Raft log entry to apply: its position in the log and its payload. */
public record LoggedEntry(long term, long index, Entry entry) {}
