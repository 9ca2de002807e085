package io.cairn.server.watch;

import io.cairn.api.v1.WatchResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Watch RPC: its watches (hub thread only) and its outbound queue, sent only while gRPC says
 * the transport is ready, so a slow client backs up here and never in the hub or the apply thread.
 * The queue's monitor serializes every call on the response observer.
 */
final class WatchStream {
  private final ServerCallStreamObserver<WatchResponse> out;
  private final Runnable wake;
  private final int maxQueuedPerWatch;

  /** Hub thread only. */
  final Map<Long, Watch> watches = new LinkedHashMap<>();

  /** Hub thread only: the next id to hand out when a create asks for none. */
  long nextWatchId = 1;

  // Guarded by this.
  private final ArrayDeque<WatchResponse> queue = new ArrayDeque<>();
  private final Map<Long, Integer> queued = new HashMap<>();
  private boolean wakeWanted;
  private boolean finished;

  WatchStream(ServerCallStreamObserver<WatchResponse> out, Runnable wake, int maxQueuedPerWatch) {
    this.out = out;
    this.wake = wake;
    this.maxQueuedPerWatch = maxQueuedPerWatch;
  }

  /**
   * Queues a response; {@code false} (nothing queued) when its watch already has the maximum
   * waiting, unless {@code force}.
   */
  boolean offer(WatchResponse r, boolean force) {
    synchronized (this) {
      if (finished) {
        return true; // nobody listens any more; the hub forgets the watch soon
      }
      int n = queued.getOrDefault(r.getWatchId(), 0);
      if (!force && n >= maxQueuedPerWatch) {
        return false;
      }
      queued.put(r.getWatchId(), n + 1);
      queue.add(r);
    }
    drain();
    return true;
  }

  /** Responses of watch {@code id} waiting to be sent. */
  synchronized int queued(long id) {
    return queued.getOrDefault(id, 0);
  }

  /** Asks for a hub wake-up once the queue empties (a catch-up waits for room). */
  synchronized void wakeWhenDrained() {
    wakeWanted = true;
  }

  /** Sends what the transport takes now; called on offer and by gRPC's on-ready handler. */
  void drain() {
    boolean wakeHub = false;
    synchronized (this) {
      while (!finished && !queue.isEmpty() && out.isReady()) {
        WatchResponse r = queue.poll();
        queued.merge(r.getWatchId(), -1, (a, b) -> a + b == 0 ? null : a + b);
        out.onNext(r);
      }
      if (queue.isEmpty() && wakeWanted) {
        wakeWanted = false;
        wakeHub = true;
      }
    }
    if (wakeHub) {
      wake.run();
    }
  }

  /** Ends the RPC: completed normally when {@code error} is null. Idempotent. */
  synchronized void finish(StatusRuntimeException error) {
    if (finished) {
      return;
    }
    finished = true;
    queue.clear();
    queued.clear();
    try {
      if (error == null) {
        out.onCompleted();
      } else {
        out.onError(error);
      }
    } catch (IllegalStateException e) {
      // already cancelled by the client: nothing to tell it
    }
  }
}
