package io.cairn.server.watch;

import io.cairn.api.v1.ResponseHeader;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.server.api.InvalidRequestException;
import io.cairn.server.api.KeyValues;
import io.cairn.server.api.RequestValidator;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.ratis.EventBatch;
import io.cairn.statemachine.ratis.StateListener;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every watch of one member, served by one hub thread that owns all watch state.
 *
 * <p>The apply thread only queues each entry's events here ({@link #committed}); the hub thread
 * fans them out to the synced watches, so a thousand watches cost the apply thread nothing. A new
 * watch from an old revision first catches up from history in chunks ({@link History#readEvents})
 * while live batches keep arriving; each watch remembers the next revision it owes, so a live batch
 * the history read already covered is skipped and nothing is lost or sent twice. A watch becomes
 * synced when a history read reached the end of the store, which is at or past every live batch the
 * hub has seen (the listener runs after commit). A jump in the live feed (a snapshot install
 * replaced the store) makes every watch catch up again from its next revision.
 *
 * <p>Each response goes to its stream's bounded queue; a watch whose queue is full is canceled with
 * reason "slow consumer" (the client re-creates it from its last revision), and a catch-up only
 * reads on while its stream has room.
 */
public final class WatchHub implements StateListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);

  /** Events read per history chunk. */
  static final int CHUNK_EVENTS = 1000;

  /** A catch-up reads its next chunk only while its watch has fewer responses queued. */
  private static final int CATCH_UP_QUEUED = 2;

  /** Responses queued per watch before it is canceled as a slow consumer. */
  static final int DEFAULT_MAX_QUEUED = 1024;

  static final String SLOW_CONSUMER = "slow consumer";

  private final String memberId;
  private final History history;
  private final LongFunction<ResponseHeader> headers;
  private final Supplier<StatusRuntimeException> stopping;
  private final long progressIntervalNanos;
  private final int maxQueuedPerWatch;
  private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  // With no stream open, commits only record their revision here instead of waking the hub thread
  // (a wake-up per write on every member). Open streams are counted before their first task is
  // posted and the revision is written before the count is read, so a commit either reaches the
  // hub as a task or is in quietRevision by the time the hub handles the stream's first create.
  private final AtomicInteger openStreams = new AtomicInteger();
  private volatile long quietRevision;

  // Hub thread only.
  private final Set<WatchStream> streams = new LinkedHashSet<>();
  private final List<Watch> watches = new ArrayList<>();
  private long liveRevision;
  // Written by the hub thread once per loop; read by metrics.
  private volatile int watchCount;

  /**
   * @param headers the response header for a revision
   * @param stopping the error open streams end with when the hub closes
   */
  public WatchHub(
      String memberId,
      History history,
      LongFunction<ResponseHeader> headers,
      Supplier<StatusRuntimeException> stopping,
      Duration progressInterval) {
    this(memberId, history, headers, stopping, progressInterval, DEFAULT_MAX_QUEUED);
  }

  WatchHub(
      String memberId,
      History history,
      LongFunction<ResponseHeader> headers,
      Supplier<StatusRuntimeException> stopping,
      Duration progressInterval,
      int maxQueuedPerWatch) {
    this.memberId = memberId;
    this.history = history;
    this.headers = headers;
    this.stopping = stopping;
    this.progressIntervalNanos = progressInterval.toNanos();
    this.maxQueuedPerWatch = maxQueuedPerWatch;
    this.thread = new Thread(this::run, "cairn-" + memberId + "-watch-hub");
    this.thread.setDaemon(true);
  }

  /**
   * Starts the hub thread. Register the hub as a listener first: the revision read here then covers
   * everything not yet heard.
   */
  public void start() {
    liveRevision = history.currentRevision();
    thread.start();
  }

  /** Opens a Watch RPC; call from the RPC method (it installs the ready and cancel handlers). */
  public WatchStream open(ServerCallStreamObserver<WatchResponse> out) {
    WatchStream stream = new WatchStream(out, this::wake, maxQueuedPerWatch);
    openStreams.incrementAndGet();
    history.streamOpened();
    out.setOnReadyHandler(stream::drain);
    out.setOnCancelHandler(() -> post(() -> closeStream(stream, false)));
    post(() -> streams.add(stream));
    if (closed) {
      stream.finish(stopping.get());
    }
    return stream;
  }

  /** Whether any Watch stream is open on this member. */
  public boolean hasOpenStreams() {
    return openStreams.get() > 0;
  }

  /** Watches open on this member, over all streams (as of the hub thread's last round). */
  public int watchCount() {
    return watchCount;
  }

  /** A request arrived on {@code stream}. */
  public void request(WatchStream stream, WatchRequest request) {
    post(
        () -> {
          if (watches.isEmpty()) {
            // Commits may have passed quietly since the last watch went: start after them.
            liveRevision = Math.max(liveRevision, quietRevision);
          }
          switch (request.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(stream, request.getCreateRequest());
            case CANCEL_REQUEST -> cancel(stream, request.getCancelRequest().getWatchId());
            case PROGRESS_REQUEST -> progress(stream);
            default -> {} // an empty request: nothing asked
          }
        });
  }

  /** The client ended its side ({@code completed}) or the RPC failed. */
  public void closed(WatchStream stream, boolean completed) {
    post(() -> closeStream(stream, completed));
  }

  @Override
  public void committed(long revision, List<Event> events) {
    quietRevision = revision;
    if (openStreams.get() > 0) {
      post(() -> live(revision, events));
    }
  }

  private void post(Runnable task) {
    tasks.add(task);
  }

  private void wake() {
    post(() -> {});
  }

  private void run() {
    long nextProgress = System.nanoTime() + progressIntervalNanos;
    try {
      while (!closed) {
        boolean moreCatchUp = catchUp();
        long wait = moreCatchUp ? 0 : Math.max(0, nextProgress - System.nanoTime());
        Runnable task = tasks.poll(wait, TimeUnit.NANOSECONDS);
        for (int n = 0; task != null && n < 1000; n++) {
          task.run();
          task = n < 999 ? tasks.poll() : null;
        }
        watchCount = watches.size();
        if (System.nanoTime() - nextProgress >= 0) {
          progressTick();
          nextProgress = System.nanoTime() + progressIntervalNanos;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("[{}] watch hub failed; ending every watch", memberId, e);
    } finally {
      streams.forEach(s -> s.finish(stopping.get()));
      streams.clear();
      watches.clear();
      watchCount = 0;
    }
  }

  private void create(WatchStream stream, WatchCreateRequest r) {
    if (!streams.contains(stream)) {
      return;
    }
    long id = r.getWatchId();
    if (id == 0) {
      while (stream.watches.containsKey(stream.nextWatchId)) {
        stream.nextWatchId++;
      }
      id = stream.nextWatchId++;
    }
    String problem = null;
    try {
      RequestValidator.checkKeyRange(r.getKey(), r.getRangeEnd());
      if (r.getStartRevision() < 0) {
        problem = "start_revision " + r.getStartRevision() + " is negative";
      } else if (r.getWatchId() < 0) {
        problem = "watch_id " + r.getWatchId() + " is negative";
      } else if (stream.watches.containsKey(id)) {
        problem = "watch id " + id + " is already in use on this stream";
      }
    } catch (InvalidRequestException e) {
      problem = e.getMessage();
    }
    WatchResponse.Builder created = response(id, liveRevision).setCreated(true);
    if (problem != null) {
      stream.offer(created.setCanceled(true).setCancelReason(problem).build(), true);
      return;
    }
    long start = r.getStartRevision() == 0 ? liveRevision + 1 : r.getStartRevision();
    Watch w = new Watch(id, stream, r, start);
    w.synced = start > liveRevision && r.getStartRevision() == 0;
    stream.watches.put(id, w);
    watches.add(w);
    stream.offer(created.build(), true);
    LOG.debug("[{}] watch {} created from revision {}", memberId, id, start);
  }

  private void cancel(WatchStream stream, long id) {
    Watch w = stream.watches.get(id);
    if (w != null) {
      remove(w);
    }
    stream.offer(response(id, liveRevision).setCanceled(true).build(), true);
  }

  private void progress(WatchStream stream) {
    for (Watch w : stream.watches.values()) {
      if (w.synced) {
        w.stream.offer(response(w.id, liveRevision).build(), true);
      } else {
        w.progressWanted = true;
      }
    }
  }

  private void progressTick() {
    for (Watch w : List.copyOf(watches)) {
      if (w.progressNotify && w.synced && w.stream.queued(w.id) == 0) {
        w.stream.offer(response(w.id, liveRevision).build(), false);
      }
    }
  }

  private void closeStream(WatchStream stream, boolean completed) {
    if (!streams.remove(stream)) {
      return;
    }
    openStreams.decrementAndGet();
    stream.watches.values().forEach(watches::remove);
    stream.watches.clear();
    stream.finish(completed ? null : stopping.get());
  }

  private void remove(Watch w) {
    watches.remove(w);
    w.stream.watches.remove(w.id);
  }

  /** One applied entry's events: to every synced watch, after a gap check. */
  private void live(long revision, List<Event> events) {
    long first = events.isEmpty() ? revision : revisionOf(events.get(0));
    if (revision <= liveRevision) {
      return; // covered by the revision read at start
    }
    if (watches.isEmpty()) {
      liveRevision = revision; // nobody to tell, and quiet commits may lie between
      return;
    }
    if (first > liveRevision + 1 || (events.isEmpty() && revision > liveRevision)) {
      // Revisions arrived without events (the store was replaced by a snapshot install).
      LOG.info(
          "[{}] live feed jumped from revision {} to {}; watches catch up from history",
          memberId,
          liveRevision,
          revision);
      watches.forEach(w -> w.synced = false);
    }
    liveRevision = revision;
    for (Watch w : List.copyOf(watches)) {
      if (w.synced) {
        deliver(w, events, revision);
        w.nextRevision = Math.max(w.nextRevision, revision + 1);
      }
    }
  }

  /** Sends the events {@code w} wants at or above its next revision; false if it was canceled. */
  private boolean deliver(Watch w, List<Event> events, long headerRevision) {
    WatchResponse.Builder b = null;
    long lastRevision = -1;
    for (Event e : events) {
      long rev = revisionOf(e);
      if (rev < w.nextRevision || !w.wants(e)) {
        continue;
      }
      // Never split a revision; beyond that keep responses to a moderate size.
      if (b != null && rev != lastRevision && b.getEventsCount() >= CHUNK_EVENTS) {
        if (!send(w, b)) {
          return false;
        }
        b = null;
      }
      if (b == null) {
        b = response(w.id, headerRevision);
      }
      b.addEvents(KeyValues.toWire(e, w.prevKv));
      lastRevision = rev;
    }
    return b == null || send(w, b);
  }

  private boolean send(Watch w, WatchResponse.Builder b) {
    if (w.stream.offer(b.build(), false)) {
      return true;
    }
    LOG.info("[{}] watch {} canceled: slow consumer", memberId, w.id);
    remove(w);
    w.stream.offer(
        response(w.id, liveRevision).setCanceled(true).setCancelReason(SLOW_CONSUMER).build(),
        true);
    return false;
  }

  /** One history chunk for each unsynced watch with room; true if more remain ready to read. */
  private boolean catchUp() {
    boolean more = false;
    for (Watch w : List.copyOf(watches)) {
      if (w.synced) {
        continue;
      }
      if (w.stream.queued(w.id) >= CATCH_UP_QUEUED) {
        w.stream.wakeWhenDrained();
        continue;
      }
      EventBatch batch = history.readEvents(w.nextRevision, CHUNK_EVENTS);
      if (w.nextRevision <= batch.compactRevision()) {
        remove(w);
        w.stream.offer(
            response(w.id, batch.lastRevision())
                .setCanceled(true)
                .setCompactRevision(batch.compactRevision())
                .setCancelReason(
                    "revision "
                        + w.nextRevision
                        + " has been compacted; the compacted revision is "
                        + batch.compactRevision())
                .build(),
            true);
        continue;
      }
      List<Event> events = batch.events();
      if (!deliver(w, events, batch.lastRevision())) {
        continue;
      }
      if (events.size() >= CHUNK_EVENTS) {
        w.nextRevision = revisionOf(events.get(events.size() - 1)) + 1;
        more = true;
      } else {
        w.nextRevision = Math.max(w.nextRevision, batch.lastRevision() + 1);
        // The read saw every live batch heard so far (listeners run after commit).
        w.synced = batch.lastRevision() >= liveRevision;
        more |= !w.synced;
        if (w.synced && w.progressWanted) {
          w.progressWanted = false;
          w.stream.offer(response(w.id, liveRevision).build(), true);
        }
      }
    }
    return more;
  }

  private WatchResponse.Builder response(long watchId, long revision) {
    return WatchResponse.newBuilder().setHeader(headers.apply(revision)).setWatchId(watchId);
  }

  private static long revisionOf(Event e) {
    return e.getKv().getModRevision();
  }

  /** Stops the hub thread and ends every open stream with the stopping error. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
