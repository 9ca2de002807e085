package io.cairn.server.watch;

import com.google.protobuf.ByteString;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.KeyValue;
import io.cairn.statemachine.ratis.EventBatch;
import io.cairn.statemachine.ratis.StateListener;
import java.util.ArrayList;
import java.util.List;

/** An in-memory history that feeds a listener after each "commit", as the state machine does. */
final class FakeHistory implements History {
  private final List<Event> events = new ArrayList<>();
  private long revision;
  private long compactRevision;
  private StateListener listener;

  synchronized void listen(StateListener l) {
    listener = l;
  }

  /** Commits one entry of one revision putting each key, then tells the listener. */
  void commit(String... keys) {
    List<Event> entry = new ArrayList<>();
    StateListener l;
    long rev;
    synchronized (this) {
      rev = ++revision;
      for (String k : keys) {
        entry.add(put(k, rev));
      }
      events.addAll(entry);
      l = listener;
    }
    if (l != null) {
      l.committed(rev, entry);
    }
  }

  synchronized void compact(long revision) {
    compactRevision = revision;
  }

  static Event put(String key, long revision) {
    return Event.newBuilder()
        .setType(Event.Type.PUT)
        .setKv(
            KeyValue.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setValue(ByteString.copyFromUtf8("v" + revision))
                .setCreateRevision(revision)
                .setModRevision(revision)
                .setVersion(1))
        .build();
  }

  @Override
  public synchronized EventBatch readEvents(long fromRevision, int maxEvents) {
    if (fromRevision <= compactRevision) {
      return new EventBatch(List.of(), revision, compactRevision);
    }
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      long rev = e.getKv().getModRevision();
      if (rev < fromRevision) {
        continue;
      }
      if (out.size() >= maxEvents && rev != out.get(out.size() - 1).getKv().getModRevision()) {
        break;
      }
      out.add(e);
    }
    return new EventBatch(out, revision, compactRevision);
  }

  @Override
  public synchronized long currentRevision() {
    return revision;
  }
}
