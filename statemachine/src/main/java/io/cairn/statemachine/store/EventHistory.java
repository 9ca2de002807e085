package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.Event;
import java.util.List;

/**
 * Events read back from the {@code rev} history by {@link LmdbStore#readEvents}.
 *
 * @param events in revision order, each with its prev_kv when there was one
 * @param lastRevision the store revision the read saw
 * @param compactRevision the compacted revision the read saw
 */
public record EventHistory(List<Event> events, long lastRevision, long compactRevision) {}
