package io.cairn.client;

import com.google.common.util.concurrent.MoreExecutors;
import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.LeaseKeepAliveRequest;
import io.cairn.api.v1.LeaseKeepAliveResponse;
import io.cairn.client.internal.StatusDecoder;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one lease alive over a keep-alive stream to the leader: a request every third of the TTL; a
 * NOT_LEADER answer moves the stream to the named leader, any other break re-opens it (with
 * backoff, trying the next member), and a request left unanswered until the next one is due counts
 * as a break. State lives on one sequential executor.
 */
final class GrpcLeaseKeeper implements LeaseKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcLeaseKeeper.class);

  /** Until the first answer tells the TTL: the minimum TTL is 2 s. */
  private static final long FIRST_INTERVAL_MILLIS = 500;

  private final StreamContext ctx;
  private final long id;
  private final LeaseListener listener;
  private final Executor serial;
  private final CompletableFuture<Void> lost = new CompletableFuture<>();
  private volatile long ttl;

  // Confined to serial.
  private Attempt stream;
  private String endpoint;
  private boolean unanswered;
  private int failures;
  private Future<?> timer;

  GrpcLeaseKeeper(StreamContext ctx, long id, LeaseListener listener) {
    this.ctx = ctx;
    this.id = id;
    this.listener = listener;
    this.serial = MoreExecutors.newSequentialExecutor(ctx.callbacks());
  }

  void start() {
    run(() -> open(null));
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public long ttl() {
    return ttl;
  }

  @Override
  public CompletableFuture<Void> lost() {
    return lost;
  }

  @Override
  public void close() {
    run(() -> finish(null));
  }

  void fail(CairnException e) {
    run(() -> finish(e));
  }

  private void run(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      lost.complete(null);
    }
  }

  /** Opens a stream at {@code target}, or at the leader guess when null. */
  private void open(String target) {
    if (lost.isDone()) {
      return;
    }
    if (ctx.closed().getAsBoolean()) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", null));
      return;
    }
    endpoint = target != null ? target : ctx.leader().current();
    Attempt a = new Attempt();
    stream = a;
    unanswered = false;
    try {
      LeaseGrpc.newStub(ctx.channels().get(endpoint)).leaseKeepAlive(a);
    } catch (RuntimeException e) {
      stream = null;
      retry("cannot reach " + endpoint + ": " + e.getMessage());
      return;
    }
    LOG.debug("client {}: keeping lease {} alive at {}", ctx.id(), id, endpoint);
    send();
  }

  private void send() {
    if (stream == null || lost.isDone()) {
      return;
    }
    if (unanswered) {
      Attempt a = stream;
      stream = null;
      a.cancel();
      ctx.leader().failed(endpoint);
      retry("no answer from " + endpoint);
      return;
    }
    unanswered = true;
    stream.requests.onNext(LeaseKeepAliveRequest.newBuilder().setId(id).build());
    long ttlSeconds = ttl;
    long delay = ttlSeconds > 0 ? Math.max(100, ttlSeconds * 1000 / 3) : FIRST_INTERVAL_MILLIS;
    schedule(this::send, delay);
  }

  private void schedule(Runnable task, long millis) {
    if (timer != null) {
      timer.cancel(false);
    }
    try {
      timer = ctx.scheduler().schedule(() -> run(task), millis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", null));
    }
  }

  private void received(Attempt a, LeaseKeepAliveResponse r) {
    if (a != stream || lost.isDone()) {
      return;
    }
    unanswered = false;
    failures = 0;
    if (r.getTtl() <= 0) {
      finish(
          new CairnLeaseNotFoundException(
              "lease " + id + " expired or was revoked", Map.of(), null));
      return;
    }
    boolean first = ttl == 0;
    ttl = r.getTtl();
    listener.onKeepAlive(r.getTtl());
    if (first) {
      schedule(this::send, Math.max(100, ttl * 1000 / 3)); // pace by the real TTL from now on
    }
  }

  private void broken(Attempt a, Throwable t) {
    if (a != stream || lost.isDone()) {
      return;
    }
    stream = null;
    if (ctx.closed().getAsBoolean()) {
      finish(new CairnUnavailableException("CLOSED", "the client was closed", t));
      return;
    }
    StatusDecoder.Failure f = StatusDecoder.decode(t, true);
    if (f.exception() instanceof CairnLeaseNotFoundException e) {
      finish(e);
      return;
    }
    if (f.action() == StatusDecoder.Action.REDIRECT
        && ctx.leader().redirect(endpoint, f.leaderAddress())
        && failures++ < 4) {
      LOG.debug("client {}: lease {} keep-alive redirected to {}", ctx.id(), id, f.leaderAddress());
      open(f.leaderAddress());
      return;
    }
    if (f.action() != StatusDecoder.Action.REDIRECT) {
      ctx.leader().failed(endpoint);
    }
    retry(f.exception().getMessage());
  }

  private void retry(String why) {
    long delay = TimeUnit.NANOSECONDS.toMillis(ctx.policy().backoffNanos(++failures));
    LOG.debug(
        "client {}: lease {} keep-alive broke ({}); again in {} ms", ctx.id(), id, why, delay);
    schedule(() -> open(null), delay);
  }

  private void finish(CairnException e) {
    if (lost.isDone()) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (stream != null) {
      stream.cancel();
      stream = null;
    }
    ctx.forget(this);
    if (e == null) {
      lost.complete(null);
      return;
    }
    LOG.debug("client {}: lease {} lost: {}", ctx.id(), id, e.getMessage());
    lost.completeExceptionally(e);
    listener.onLost(e);
  }

  private final class Attempt
      implements ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse> {
    ClientCallStreamObserver<LeaseKeepAliveRequest> requests;

    @Override
    public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requests) {
      this.requests = requests;
    }

    @Override
    public void onNext(LeaseKeepAliveResponse r) {
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
                      .withDescription("the member ended the keep-alive stream")
                      .asRuntimeException()));
    }

    void cancel() {
      requests.cancel("keep-alive closed", null);
    }
  }
}
