package io.cairn.statemachine.store;

import io.cairn.statemachine.proto.Event;
import java.util.ArrayList;
import java.util.List;

/** What the entry being applied changed, collected for {@link EntryApplied}. */
final class Effects {
  final List<Event> events = new ArrayList<>();
  final List<LeaseChange> leaseChanges = new ArrayList<>();
  long compacted;

  void clear() {
    events.clear();
    leaseChanges.clear();
    compacted = 0;
  }
}
