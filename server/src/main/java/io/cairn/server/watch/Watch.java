package io.cairn.server.watch;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.statemachine.proto.Event;

/** One watch's state. Confined to the hub thread. */
final class Watch {
  private static final ByteString TO_END = ByteString.copyFrom(new byte[] {0});

  final long id;
  final WatchStream stream;
  private final ByteString key;
  private final ByteString rangeEnd;
  private final boolean noPut;
  private final boolean noDelete;
  final boolean prevKv;
  final boolean progressNotify;

  /** The next revision this watch has not yet been sent (or skipped as not matching). */
  long nextRevision;

  /** True once history up to the live feed was sent: live batches go straight to it. */
  boolean synced;

  /** A progress request arrived while catching up: answer it once synced. */
  boolean progressWanted;

  Watch(long id, WatchStream stream, WatchCreateRequest r, long nextRevision) {
    this.id = id;
    this.stream = stream;
    this.key = r.getKey();
    this.rangeEnd = r.getRangeEnd();
    this.noPut = r.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
    this.noDelete = r.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
    this.prevKv = r.getPrevKv();
    this.progressNotify = r.getProgressNotify();
    this.nextRevision = nextRevision;
  }

  /** Whether this watch wants {@code e} (key in range, not filtered out). */
  boolean wants(Event e) {
    if (e.getType() == Event.Type.DELETE ? noDelete : noPut) {
      return false;
    }
    ByteString k = e.getKv().getKey();
    if (rangeEnd.isEmpty()) {
      return k.equals(key);
    }
    var order = ByteString.unsignedLexicographicalComparator();
    if (order.compare(k, key) < 0) {
      return false;
    }
    return rangeEnd.equals(TO_END) || order.compare(k, rangeEnd) < 0;
  }
}
