package io.cairn.server.api;

import io.cairn.api.v1.Event;
import io.cairn.api.v1.KeyValue;

/** Log (cairn.log.v1) key-values and events to their wire (cairn.v1) form. */
public final class KeyValues {
  private KeyValues() {}

  public static KeyValue toWire(io.cairn.statemachine.proto.KeyValue kv) {
    return KeyValue.newBuilder()
        .setKey(kv.getKey())
        .setValue(kv.getValue())
        .setCreateRevision(kv.getCreateRevision())
        .setModRevision(kv.getModRevision())
        .setVersion(kv.getVersion())
        .setLease(kv.getLease())
        .build();
  }

  /** An event; {@code prevKv} false drops the previous key-value even when the log has it. */
  public static Event toWire(io.cairn.statemachine.proto.Event e, boolean prevKv) {
    Event.Builder b =
        Event.newBuilder()
            .setType(
                e.getType() == io.cairn.statemachine.proto.Event.Type.DELETE
                    ? Event.EventType.DELETE
                    : Event.EventType.PUT)
            .setKv(toWire(e.getKv()));
    if (prevKv && e.hasPrevKv()) {
      b.setPrevKv(toWire(e.getPrevKv()));
    }
    return b.build();
  }
}
