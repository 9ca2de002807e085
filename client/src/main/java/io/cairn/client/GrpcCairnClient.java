package io.cairn.client;

import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.TxnRequest;
import io.cairn.client.internal.CallRunner;
import io.cairn.client.internal.ChannelPool;
import io.cairn.client.internal.LeaderTracker;
import io.cairn.client.internal.RetryPolicy;
import io.cairn.client.internal.Session;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CairnClient} over gRPC: one lazily opened channel per member, retries in {@link
 * CallRunner}.
 */
final class GrpcCairnClient implements CairnClient {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcCairnClient.class);

  private final String id;
  private final Duration callTimeout;
  private final Session session;
  private final LeaderTracker leader;
  private final ChannelPool channels;
  private final ScheduledThreadPoolExecutor scheduler;
  private final CallRunner runner;
  private final BlockingCairnClient blocking;
  private volatile boolean closed;

  GrpcCairnClient(
      List<String> endpoints, Duration callTimeout, Function<String, ManagedChannel> channels) {
    this.session = new Session();
    this.id = Long.toHexString(session.id());
    this.callTimeout = callTimeout;
    this.leader = new LeaderTracker(endpoints);
    this.channels = new ChannelPool(channels);
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("cairn-client-" + id));
    scheduler.setRemoveOnCancelPolicy(true);
    this.runner =
        new CallRunner(
            id,
            this.channels,
            leader,
            RetryPolicy.forCallTimeout(callTimeout),
            scheduler,
            () -> closed);
    this.blocking = new BlockingCairnClient(this);
    LOG.debug("client {}: created for {}", id, endpoints);
  }

  private static ThreadFactory daemonThreads(String name) {
    ThreadFactory base = Executors.defaultThreadFactory();
    return r -> {
      Thread t = base.newThread(r);
      t.setName(name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The write session id, in hex, as it appears in log lines. */
  String sessionId() {
    return id;
  }

  @Override
  public CompletableFuture<GetResult> get(Bytes key) {
    return get(key, GetOptions.DEFAULT);
  }

  @Override
  public CompletableFuture<GetResult> get(Bytes key, GetOptions options) {
    var request = Wire.range(key, options);
    return runner
        .run(
            "get",
            false,
            null,
            callTimeout,
            (ch, deadline) -> KVGrpc.newFutureStub(ch).withDeadline(deadline).range(request))
        .thenApply(Wire::get);
  }

  @Override
  public CompletableFuture<PutResult> put(Bytes key, Bytes value) {
    return put(key, value, PutOptions.DEFAULT);
  }

  @Override
  public CompletableFuture<PutResult> put(Bytes key, Bytes value, PutOptions options) {
    PutRequest request = Wire.put(key, value, options);
    return write(
            "put",
            seq ->
                (ch, deadline) ->
                    KVGrpc.newFutureStub(ch)
                        .withDeadline(deadline)
                        .put(request.toBuilder().setSession(session.forAttempt(seq)).build()))
        .thenApply(Wire::put);
  }

  @Override
  public CompletableFuture<DeleteResult> delete(Bytes key) {
    return delete(key, DeleteOptions.DEFAULT);
  }

  @Override
  public CompletableFuture<DeleteResult> delete(Bytes key, DeleteOptions options) {
    DeleteRangeRequest request = Wire.delete(key, options);
    return write(
            "delete",
            seq ->
                (ch, deadline) ->
                    KVGrpc.newFutureStub(ch)
                        .withDeadline(deadline)
                        .deleteRange(
                            request.toBuilder().setSession(session.forAttempt(seq)).build()))
        .thenApply(Wire::delete);
  }

  @Override
  public Txn txn() {
    return new Txn(this::commit);
  }

  private CompletableFuture<TxnResult> commit(TxnRequest request) {
    return write(
            "txn",
            seq ->
                (ch, deadline) ->
                    KVGrpc.newFutureStub(ch)
                        .withDeadline(deadline)
                        .txn(request.toBuilder().setSession(session.forAttempt(seq)).build()))
        .thenApply(Wire::txn);
  }

  /**
   * Runs a write under a fresh seq; every attempt re-sends the same (session, seq) with the current
   * first-incomplete seq. The seq stays awaited until the call completes either way.
   */
  private <T> CompletableFuture<T> write(String method, LongFunction<CallRunner.Rpc<T>> attempt) {
    long seq = session.begin();
    CompletableFuture<T> result = runner.run(method, true, null, callTimeout, attempt.apply(seq));
    return result.whenComplete((r, e) -> session.end(seq));
  }

  @Override
  public CompletableFuture<MemberList> members() {
    MemberListRequest request = MemberListRequest.getDefaultInstance();
    return runner
        .run(
            "members",
            false,
            null,
            callTimeout,
            (ch, deadline) ->
                ClusterGrpc.newFutureStub(ch).withDeadline(deadline).memberList(request))
        .thenApply(Wire::members)
        .thenApply(
            list -> {
              list.members().stream()
                  .map(Member::clientAddress)
                  .filter(a -> !a.isEmpty())
                  .forEach(this::learn);
              return list;
            });
  }

  private void learn(String address) {
    try {
      leader.learn(CairnClientBuilder.normalize(address));
    } catch (IllegalArgumentException e) {
      LOG.debug("client {}: ignoring malformed member address {}", id, address);
    }
  }

  @Override
  public CompletableFuture<EndpointStatus> status(String endpoint) {
    String target = CairnClientBuilder.normalize(endpoint);
    StatusRequest request = StatusRequest.getDefaultInstance();
    return runner
        .run(
            "status",
            false,
            target,
            callTimeout,
            (ch, deadline) -> ClusterGrpc.newFutureStub(ch).withDeadline(deadline).status(request))
        .thenApply(r -> Wire.status(endpoint, r));
  }

  @Override
  public List<String> endpoints() {
    return leader.endpoints();
  }

  @Override
  public BlockingCairnClient blocking() {
    return blocking;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    channels.close(); // cancels attempts in flight: they fail with CLOSED
    runner.failWaiting();
    LOG.debug("client {}: closed", id);
  }
}
