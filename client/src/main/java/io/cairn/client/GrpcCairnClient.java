package io.cairn.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.LeaderTransferRequest;
import io.cairn.api.v1.LeaderTransferResponse;
import io.cairn.api.v1.LeaseGrantRequest;
import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.LeaseLeasesRequest;
import io.cairn.api.v1.LeaseRevokeRequest;
import io.cairn.api.v1.LeaseTimeToLiveRequest;
import io.cairn.api.v1.MemberAddRequest;
import io.cairn.api.v1.MemberListRequest;
import io.cairn.api.v1.MemberPromoteRequest;
import io.cairn.api.v1.MemberRemoveRequest;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
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
  private final ExecutorService callbacks;
  private final StreamContext streams;
  private volatile boolean closed;

  GrpcCairnClient(
      List<String> endpoints,
      Duration callTimeout,
      Function<String, ManagedChannel> channels,
      boolean findLeader) {
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
    this.callbacks = Executors.newCachedThreadPool(daemonThreads("cairn-client-" + id + "-cb"));
    this.streams =
        new StreamContext(
            id,
            this.channels,
            leader,
            RetryPolicy.forCallTimeout(callTimeout),
            scheduler,
            callbacks,
            () -> closed,
            ConcurrentHashMap.newKeySet());
    LOG.debug("client {}: created for {}", id, endpoints);
    if (findLeader && endpoints.size() > 1) { // a client given one member keeps to it
      findLeader();
    }
  }

  /**
   * Asks for the member list once, in the background, so that reads, which no redirect corrects, go
   * to the leader from the start if it is one of the configured endpoints (not asked with a single
   * endpoint: such a client neither moves nor learns other members): a leader answers a
   * linearizable read from its lease, a follower needs a ReadIndex round trip to the leader first.
   * Failure only leaves the guess.
   */
  private void findLeader() {
    String guess = leader.current();
    List<String> configured = leader.endpoints();
    members()
        .thenAccept(
            list ->
                leaderOf(list)
                    .filter(configured::contains)
                    .ifPresent(address -> leader.suggest(guess, address)))
        .exceptionally(
            e -> {
              LOG.debug("client {}: no member list yet: {}", id, e.toString());
              return null;
            });
  }

  private static Optional<String> leaderOf(MemberList list) {
    String leaderId = list.header().leaderId();
    return list.members().stream()
        .filter(m -> !leaderId.isEmpty() && m.id().equals(leaderId))
        .findFirst()
        .flatMap(m -> normalized(m.clientAddress()));
  }

  /** {@code address} in canonical host:port form; empty if it is not host:port. */
  private static Optional<String> normalized(String address) {
    try {
      return Optional.of(CairnClientBuilder.normalize(address));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
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
  public CompletableFuture<CompactResult> compact(long revision) {
    CompactionRequest request = CompactionRequest.newBuilder().setRevision(revision).build();
    // Idempotent: a retry that finds it done fails COMPACTED, which only a retry can cause.
    return runner
        .run(
            "compact",
            true,
            null,
            callTimeout,
            (ch, deadline) -> KVGrpc.newFutureStub(ch).withDeadline(deadline).compact(request))
        .thenApply(r -> new CompactResult(Wire.header(r.getHeader())));
  }

  @Override
  public Watcher watch(Bytes key, WatchOptions options, WatchListener listener) {
    GrpcWatcher w =
        new GrpcWatcher(
            streams,
            key,
            options,
            new GrpcWatcher.Sink() {
              @Override
              public void onBatch(WatchBatch batch) {
                try {
                  listener.onEvents(batch);
                } catch (RuntimeException e) {
                  LOG.warn(
                      "client {}: watch listener failed on revision {}", id, batch.revision(), e);
                }
              }

              @Override
              public void onProgress(long revision) {
                try {
                  listener.onProgress(revision);
                } catch (RuntimeException e) {
                  LOG.warn("client {}: watch listener failed on progress {}", id, revision, e);
                }
              }

              @Override
              public void onError(CairnException e) {
                try {
                  listener.onError(e);
                } catch (RuntimeException x) {
                  LOG.warn("client {}: watch listener failed on {}", id, e.getMessage(), x);
                }
              }
            },
            Long.MAX_VALUE);
    register(w);
    w.start();
    return w;
  }

  @Override
  public Flow.Publisher<WatchBatch> watchPublisher(Bytes key, WatchOptions options) {
    return new WatchPublisher(
        sink -> {
          GrpcWatcher w = new GrpcWatcher(streams, key, options, sink, 0);
          register(w);
          return w;
        });
  }

  private void register(AutoCloseable stream) {
    streams.live().add(stream);
    if (closed) {
      streams.live().remove(stream);
      throw new CairnUnavailableException("CLOSED", "the client was closed", null);
    }
  }

  @Override
  public CompletableFuture<LeaseGrantResult> leaseGrant(long ttlSeconds) {
    return leaseGrant(ttlSeconds, 0);
  }

  @Override
  public CompletableFuture<LeaseGrantResult> leaseGrant(long ttlSeconds, long leaseId) {
    LeaseGrantRequest request =
        LeaseGrantRequest.newBuilder().setTtl(ttlSeconds).setId(leaseId).build();
    return write(
            "lease-grant",
            seq ->
                (ch, deadline) ->
                    LeaseGrpc.newFutureStub(ch)
                        .withDeadline(deadline)
                        .leaseGrant(
                            request.toBuilder().setSession(session.forAttempt(seq)).build()))
        .thenApply(Wire::leaseGrant);
  }

  @Override
  public CompletableFuture<LeaseRevokeResult> leaseRevoke(long leaseId) {
    LeaseRevokeRequest request = LeaseRevokeRequest.newBuilder().setId(leaseId).build();
    return write(
            "lease-revoke",
            seq ->
                (ch, deadline) ->
                    LeaseGrpc.newFutureStub(ch)
                        .withDeadline(deadline)
                        .leaseRevoke(
                            request.toBuilder().setSession(session.forAttempt(seq)).build()))
        .thenApply(r -> new LeaseRevokeResult(Wire.header(r.getHeader())));
  }

  @Override
  public CompletableFuture<LeaseTimeToLive> leaseTimeToLive(long leaseId, boolean withKeys) {
    LeaseTimeToLiveRequest request =
        LeaseTimeToLiveRequest.newBuilder().setId(leaseId).setKeys(withKeys).build();
    return runner
        .run(
            "lease-ttl",
            false,
            null,
            callTimeout,
            (ch, deadline) ->
                LeaseGrpc.newFutureStub(ch).withDeadline(deadline).leaseTimeToLive(request))
        .thenApply(Wire::timeToLive);
  }

  @Override
  public CompletableFuture<LeaseList> leases() {
    LeaseLeasesRequest request = LeaseLeasesRequest.getDefaultInstance();
    return runner
        .run(
            "leases",
            false,
            null,
            callTimeout,
            (ch, deadline) ->
                LeaseGrpc.newFutureStub(ch).withDeadline(deadline).leaseLeases(request))
        .thenApply(Wire::leases);
  }

  @Override
  public LeaseKeeper keepAlive(long leaseId) {
    return keepAlive(leaseId, new LeaseListener() {});
  }

  @Override
  public LeaseKeeper keepAlive(long leaseId, LeaseListener listener) {
    GrpcLeaseKeeper keeper = new GrpcLeaseKeeper(streams, leaseId, listener);
    register(keeper);
    keeper.start();
    return keeper;
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
        .thenApply(this::learnAll);
  }

  private void learn(String address) {
    normalized(address)
        .ifPresentOrElse(
            leader::learn,
            () -> LOG.debug("client {}: ignoring malformed member address {}", id, address));
  }

  @Override
  public CompletableFuture<MemberList> addLearner(
      String id, String peerAddress, String clientAddress) {
    MemberAddRequest request =
        MemberAddRequest.newBuilder()
            .setId(id)
            .setPeerAddr(peerAddress)
            .setClientAddr(clientAddress)
            .build();
    return membership(
        "memberAdd",
        stub -> stub.memberAdd(request),
        m -> Wire.members(m.getHeader(), m.getMembersList()));
  }

  @Override
  public CompletableFuture<MemberList> promoteMember(String id) {
    MemberPromoteRequest request = MemberPromoteRequest.newBuilder().setId(id).build();
    return membership(
        "memberPromote",
        stub -> stub.memberPromote(request),
        m -> Wire.members(m.getHeader(), m.getMembersList()));
  }

  @Override
  public CompletableFuture<MemberList> removeMember(String id) {
    MemberRemoveRequest request = MemberRemoveRequest.newBuilder().setId(id).build();
    return membership(
        "memberRemove",
        stub -> stub.memberRemove(request),
        m -> Wire.members(m.getHeader(), m.getMembersList()));
  }

  @Override
  public CompletableFuture<String> transferLeader(String toId) {
    LeaderTransferRequest request =
        LeaderTransferRequest.newBuilder().setToId(toId == null ? "" : toId).build();
    return runner
        .run(
            "leaderTransfer",
            true,
            null,
            callTimeout,
            (ch, deadline) ->
                ClusterGrpc.newFutureStub(ch).withDeadline(deadline).leaderTransfer(request))
        .thenApply(LeaderTransferResponse::getLeaderId);
  }

  /** A membership change: runs at the leader like a write; teaches the client the addresses. */
  /** A membership change on the leader; its answer teaches the client every member's address. */
  private <R> CompletableFuture<MemberList> membership(
      String method,
      Function<ClusterGrpc.ClusterFutureStub, ListenableFuture<R>> call,
      Function<R, MemberList> members) {
    return runner
        .run(
            method,
            true,
            null,
            callTimeout,
            (ch, deadline) -> call.apply(ClusterGrpc.newFutureStub(ch).withDeadline(deadline)))
        .thenApply(members)
        .thenApply(this::learnAll);
  }

  private MemberList learnAll(MemberList list) {
    list.members().stream()
        .map(Member::clientAddress)
        .filter(a -> !a.isEmpty())
        .forEach(this::learn);
    return list;
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
    CairnException closing = new CairnUnavailableException("CLOSED", "the client was closed", null);
    for (AutoCloseable stream : List.copyOf(streams.live())) {
      if (stream instanceof GrpcWatcher w) {
        w.fail(closing);
      } else if (stream instanceof GrpcLeaseKeeper k) {
        k.fail(closing);
      }
    }
    callbacks.shutdown(); // lets the endings above reach their listeners
    scheduler.shutdownNow();
    channels.close(); // cancels attempts in flight: they fail with CLOSED
    runner.failWaiting();
    LOG.debug("client {}: closed", id);
  }
}
