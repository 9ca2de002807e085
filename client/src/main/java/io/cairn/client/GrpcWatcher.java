package io.cairn.client;

import com.google.common.util.concurrent.MoreExecutors;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.client.internal.StatusDecoder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch over its own gRPC stream, re-created from the first revision not yet received whenever
 * the stream breaks. All state lives on one sequential executor. It asks the stream for one message
 * at a time, and only when everything received was delivered and the sink wants more: a slow sink
 * leaves messages in gRPC's flow-controlled window instead of in memory here.
 */
final class GrpcWatcher implements Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcWatcher.class);

  /** Where deliveries go; called on the watch's sequential executor. */
  interface Sink {
    void onBatch(WatchBatch batch);

    void onProgress(long revision);

    void onError(CairnException e);
  }

  private final StreamContext ctx;
  private final Bytes key;
  private final WatchOptions options;
  private final Sink sink;
  private final Executor serial;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ArrayDeque<WatchBatch> pending = new ArrayDeque<>();
  private volatile boolean closedByUser;
  private volatile long last;

  // Confined to serial.
  private long demand;
  private long next; // first revision not yet received; 0 = "from the current one" (not known yet)
  private Attempt stream;
  private boolean awaiting;
  private int failures;
  private String endpoint;

  GrpcWatcher(StreamContext ctx, Bytes key, WatchOptions options, Sink sink, long demand) {
    this.ctx = ctx;
    this.key = key;
    this.options = options;
    this.sink = sink;
    this.demand = demand;
    this.next = options.startRevision();
    this.serial = MoreExecutors.newSequentialExecutor(ctx.callbacks());
  }

  void start() {
    run(this::open);
  }

  /** The sink wants {@code n} more batches. */
  void request(long n) {
    run(
        () -> {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
          drain();
        });
  }

  /** Ends the watch with {@code e} (e.g. a subscriber's protocol violation). */
  void fail(CairnException e) {
    run(() -> finish(e));
  }

  @Override
  public long lastRevision() {
    return last;
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    closedByUser = true;
    run(() -> finish(null));
  }

  private void run(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      // The client closed its executors: nothing can be delivered any more.
      done.complete(null);
    }
  }

  private void open() {
    if (done.isDone()) {
      return;
    }
    if (ctx.closed().getAsBoolean()) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", null));
      return;
    }
    endpoint = endpoint == null ? ctx.leader().current() : nextEndpoint(endpoint);
    Attempt a = new Attempt();
    stream = a;
    awaiting = false;
    try {
      WatchGrpc.newStub(ctx.channels().get(endpoint)).watch(a);
    } catch (RuntimeException e) {
      stream = null;
      retry("cannot reach " + endpoint + ": " + e.getMessage());
      return;
    }
    LOG.debug("client {}: watch {} opening at {} from revision {}", ctx.id(), key, endpoint, next);
    a.requests.onNext(
        WatchRequest.newBuilder().setCreateRequest(Wire.watch(key, options.from(next))).build());
    drain();
  }

  private String nextEndpoint(String after) {
    List<String> all = ctx.leader().endpoints();
    return all.get((all.indexOf(after) + 1) % all.size());
  }

  private void received(Attempt a, WatchResponse r) {
    if (a != stream || done.isDone()) {
      return;
    }
    awaiting = false;
    if (r.getCanceled()) {
      a.cancel();
      stream = null;
      if (r.getCompactRevision() > 0) {
        finish(
            new CairnCompactedException(
                "watch from revision " + next + " is compacted: " + r.getCancelReason(),
                r.getCompactRevision(),
                java.util.Map.of(),
                null));
      } else {
        retry("the member canceled the watch: " + r.getCancelReason());
      }
      return;
    }
    if (r.getCreated()) {
      failures = 0;
      if (next == 0) {
        next = r.getHeader().getRevision() + 1;
      }
    }
    List<WatchBatch> batches = Wire.batches(r);
    for (WatchBatch b : batches) {
      if (b.revision() < next) {
        continue; // delivered (or queued) already: a resumed stream may repeat it
      }
      pending.add(b);
      next = b.revision() + 1;
    }
    if (batches.isEmpty() && !r.getCreated() && r.getHeader().getRevision() > 0) {
      long progress = r.getHeader().getRevision();
      if (progress >= next) {
        next = progress + 1;
      }
      if (pending.isEmpty() && !closedByUser) {
        last = Math.max(last, progress);
        sink.onProgress(progress);
      }
    }
    drain();
  }

  private void broken(Attempt a, Throwable t) {
    if (a != stream || done.isDone()) {
      return;
    }
    stream = null;
    awaiting = false;
    if (ctx.closed().getAsBoolean()) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", t));
      return;
    }
    CairnException e = StatusDecoder.decode(t, true).exception();
    if (e instanceof CairnRejectedException) {
      finish(e); // compacted, invalid: re-creating cannot help
      return;
    }
    retry(e.getMessage());
  }

  private void retry(String why) {
    long delay = ctx.policy().backoffNanos(++failures);
    LOG.debug(
        "client {}: watch {} at {} broke ({}); resuming from revision {} in {} ms",
        ctx.id(),
        key,
        endpoint,
        why,
        next,
        TimeUnit.NANOSECONDS.toMillis(delay));
    try {
      ctx.scheduler().schedule(() -> run(this::open), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", null));
    }
  }

  private void drain() {
    while (demand > 0 && !pending.isEmpty() && !done.isDone() && !closedByUser) {
      WatchBatch b = pending.poll();
      if (demand != Long.MAX_VALUE) {
        demand--;
      }
      last = b.revision();
      sink.onBatch(b);
    }
    if (pending.isEmpty() && demand > 0 && stream != null && !awaiting && !done.isDone()) {
      awaiting = true;
      stream.requests.request(1);
    }
  }

  private void finish(CairnException e) {
    if (done.isDone()) {
      return;
    }
    if (stream != null) {
      stream.cancel();
      stream = null;
    }
    pending.clear();
    ctx.forget(this);
    if (e == null || closedByUser) {
      done.complete(null);
      return;
    }
    LOG.debug("client {}: watch {} ended: {}", ctx.id(), key, e.getMessage());
    done.completeExceptionally(e);
    sink.onError(e);
  }

  /** One stream; its callbacks are handed to the sequential executor. */
  private final class Attempt implements ClientResponseObserver<WatchRequest, WatchResponse> {
    ClientCallStreamObserver<WatchRequest> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requests) {
      this.requests = requests;
      requests.disableAutoRequestWithInitial(0);
    }

    @Override
    public void onNext(WatchResponse r) {
      run(() -> received(this, r));
    }

    @Override
    public void onError(Throwable t) {
      run(() -> broken(this, t));
    }

    @Override
    public void onCompleted() {
      run(
          () ->
              broken(
                  this,
                  Status.UNAVAILABLE
                      .withDescription("the member ended the watch stream")
                      .asRuntimeException()));
    }

    void cancel() {
      requests.cancel("watch closed", null);
    }
  }
}
