package io.cairn.server;

import io.cairn.server.api.ClusterService;
import io.cairn.server.api.ErrorMapper;
import io.cairn.server.api.Headers;
import io.cairn.server.api.KvService;
import io.cairn.server.compaction.AutoCompactor;
import io.cairn.server.lease.LeaseService;
import io.cairn.server.lease.Lessor;
import io.cairn.server.maintenance.LeaderSnapshotSource;
import io.cairn.server.maintenance.MaintenanceService;
import io.cairn.server.membership.Membership;
import io.cairn.server.metrics.Telemetry;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.RatisProperties;
import io.cairn.server.replication.RatisProposer;
import io.cairn.server.replication.ReadPath;
import io.cairn.server.replication.ReplicationFailure;
import io.cairn.server.replication.Threads;
import io.cairn.server.watch.History;
import io.cairn.server.watch.WatchHub;
import io.cairn.server.watch.WatchService;
import io.cairn.statemachine.Limits;
import io.cairn.statemachine.ratis.CairnStateMachine;
import io.cairn.statemachine.ratis.EventBatch;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.ExitUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cairn node: a Ratis server on the peer port and the cairn.v1 gRPC services on the
 * client port, over one data directory. Thread-safe; {@link #close()} is idempotent.
 */
public final class CairnServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnServer.class);

  /**
   * Above the 1.5 MiB request limit so the validator, not gRPC, rejects moderately oversized
   * requests with a clear reason; still far below Ratis's 4 MB entry limit.
   */
  static final int MAX_INBOUND_MESSAGE_BYTES = Limits.MAX_REQUEST_BYTES + (512 << 10);

  private static final long GRPC_SHUTDOWN_GRACE_MS = 5_000;

  /** How often the lessor checks leadership and expiry. */
  private static final Duration LEASE_TICK = Duration.ofMillis(250);

  static {
    // Ratis calls System.exit on some startup failures (e.g. a taken peer port); a node may run
    // inside another program (tests, the CLI), so make those failures exceptions instead.
    ExitUtils.disableSystemExit();
  }

  private final ServerConfig config;
  private final RaftServer raft;
  private final RaftMember member;
  private final RatisProposer proposer;
  private final ReadPath reads;
  private final Services services;
  private final Server grpc;
  private final ExecutorService callPool;
  private final Telemetry telemetry;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private CairnServer(
      ServerConfig config,
      RaftServer raft,
      RaftMember member,
      RatisProposer proposer,
      ReadPath reads,
      Services services,
      Server grpc,
      ExecutorService callPool,
      Telemetry telemetry) {
    this.config = config;
    this.raft = raft;
    this.member = member;
    this.proposer = proposer;
    this.reads = reads;
    this.services = services;
    this.grpc = grpc;
    this.callPool = callPool;
    this.telemetry = telemetry;
  }

  /** The watch hub, lessor and auto-compactor of a node, with what they listen to. */
  private record Services(
      CairnStateMachine stateMachine,
      WatchHub watches,
      Lessor lessor,
      LeaseService leases,
      AutoCompactor compactor) {
    static Services start(
        String id,
        CairnStateMachine sm,
        RaftMember member,
        RatisProposer proposer,
        ReadPath reads,
        ErrorMapper errors,
        ServerConfig.Tunables t) {
      Headers headers = new Headers(member);
      WatchHub hub =
          new WatchHub(
              id,
              new History() {
                @Override
                public EventBatch readEvents(long fromRevision, int maxEvents) {
                  return sm.readEvents(fromRevision, maxEvents);
                }

                @Override
                public long currentRevision() {
                  return sm.currentRevision();
                }

                @Override
                public void streamOpened() {
                  sm.readStarting();
                }
              },
              headers::of,
              () ->
                  errors.toStatus(
                      new ReplicationFailure(
                          ReplicationFailure.Kind.NOT_READY,
                          "member " + id + " is stopping",
                          null)),
              t.progressNotifyInterval());
      sm.addListener(hub); // before start: the hub reads the revision it starts from after this
      sm.promptWhile(hub::hasOpenStreams);
      hub.start();
      Lessor lessor =
          new Lessor(
              id,
              Lessor.Leadership.of(member),
              () -> reads.linearizable(LeaseService.listQuery()),
              proposer::propose,
              System::nanoTime,
              LEASE_TICK);
      sm.addListener(lessor);
      LeaseService leases = new LeaseService(member, proposer, reads, lessor, errors);
      AutoCompactor compactor =
          new AutoCompactor(
              id,
              t.autoCompactionRetention(),
              member::isLeaderReady,
              sm::currentRevision,
              sm::compactRevision,
              proposer::propose,
              System::nanoTime);
      return new Services(sm, hub, lessor, leases, compactor);
    }

    /** Stops the timers and ends the open streams (before gRPC waits for calls to finish). */
    void close(String id) {
      closeQuietly(id, compactor);
      closeQuietly(id, lessor);
      closeQuietly(id, leases);
      closeQuietly(id, watches);
      stateMachine.removeListener(watches);
      stateMachine.removeListener(lessor);
    }
  }

  /**
   * Starts a node (Raft with startup option RECOVER, then the gRPC services). On failure closes
   * whatever it started and throws: {@link IllegalArgumentException} for a data directory of
   * another node or cluster, {@link UncheckedIOException} for I/O and bind failures.
   */
  public static CairnServer start(ServerConfig config) {
    return start(config, false);
  }

  /**
   * Starts a node that joins a running cluster: its Raft group starts empty (on a first start) and
   * it waits for the leader to add it (MemberAdd, see io.cairn.server.membership). A restart
   * recovers the configuration from its log, like {@link #start}.
   */
  public static CairnServer startJoining(ServerConfig config) {
    return start(config, true);
  }

  private static CairnServer start(ServerConfig config, boolean joining) {
    String id = config.nodeId();
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      LOG.warn(
          "[{}] the common ForkJoinPool has parallelism {}: every async step without an executor"
              + " (Ratis has some per AppendEntries) starts a thread; run with"
              + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
          id,
          ForkJoinPool.getCommonPoolParallelism());
    }
    DataDirectory.claim(config.dataDir(), id, config.clusterToken());
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      CairnStateMachine stateMachine =
          new CairnStateMachine(DataDirectory.lmdbDir(config.dataDir()));
      // Set before Raft starts: a wiped follower may be told to install right away. Leader
      // addresses come from the Raft configuration once the member exists, else the config.
      AtomicReference<RaftMember> memberRef = new AtomicReference<>();
      stateMachine.snapshotSource(
          new LeaderSnapshotSource(
              id,
              peerId ->
                  Optional.ofNullable(memberRef.get())
                      .flatMap(m -> m.clientAddressOf(peerId))
                      .or(
                          () ->
                              config.initialCluster().stream()
                                  .filter(p -> p.id().equals(peerId))
                                  .map(ServerConfig.Peer::clientAddress)
                                  .findFirst())));
      RaftGroupId groupId = RaftGroupId.valueOf(config.groupUuid());
      List<RaftPeer> peers =
          config.initialCluster().stream()
              .filter(p -> !joining)
              .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.peerAddress()).build())
              .toList();
      RaftServer raft =
          RaftServer.newBuilder()
              .setServerId(RaftPeerId.valueOf(id))
              .setGroup(RaftGroup.valueOf(groupId, peers))
              .setStateMachine(stateMachine)
              .setProperties(
                  RatisProperties.build(
                      DataDirectory.ratisDir(config.dataDir()),
                      config.peerHost(),
                      config.peerPort(),
                      config.tunables()))
              .setParameters(RatisProperties.parameters())
              // RECOVER, never the default FORMAT: a restarted node must find its log.
              .setOption(RaftStorage.StartupOption.RECOVER)
              .build();
      started.push(raft); // closing the Ratis server closes the state machine too
      raft.start();

      Map<String, String> clientAddresses = new LinkedHashMap<>();
      config.initialCluster().forEach(p -> clientAddresses.put(p.id(), p.clientAddress()));
      RaftMember member = new RaftMember(raft, groupId, stateMachine, clientAddresses);
      memberRef.set(member);
      ServerConfig.Tunables t = config.tunables();
      RatisProposer proposer =
          new RatisProposer(
              member,
              t.maxEntriesInFlight(),
              t.maxCommandsPerEntry(),
              t.maxPendingCommands(),
              t.requestTimeout());
      started.push(proposer);
      ReadPath reads = new ReadPath(member, t.requestTimeout());
      started.push(reads);
      ErrorMapper errors = new ErrorMapper(member);
      Services services = Services.start(id, stateMachine, member, proposer, reads, errors, t);
      started.push(() -> services.close(id));
      Telemetry telemetry =
          Telemetry.start(
              id,
              version(),
              member,
              stateMachine,
              proposer,
              services.lessor(),
              services.watches()::watchCount);
      started.push(telemetry);
      ExecutorService callPool =
          Executors.newCachedThreadPool(Threads.daemonFactory("cairn-" + id + "-calls"));
      started.push(callPool::shutdownNow);
      Server grpc =
          NettyServerBuilder.forAddress(
                  new InetSocketAddress(config.clientHost(), config.clientPort()))
              .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
              // KV handlers never block (they queue a proposal or a read): running them on the
              // transport thread saves a thread hop per call. Other services get a pool.
              .directExecutor()
              .callExecutor(KvService.onTransportThread(callPool))
              .addService(new KvService(member, proposer, reads, errors))
              .addService(
                  new ClusterService(
                      member,
                      errors,
                      version(),
                      new Membership(
                          raft,
                          groupId,
                          member,
                          t.electionTimeoutMax().multipliedBy(2),
                          t.requestTimeout())))
              .addService(new WatchService(services.watches()))
              .addService(services.leases())
              .addService(telemetry.healthService())
              .intercept(telemetry.interceptor())
              .addService(new MaintenanceService(id, stateMachine))
              .build()
              .start();
      LOG.info(
          "[{}] started: client {}:{}, peer {}:{}, data {}",
          id,
          config.clientHost(),
          config.clientPort(),
          config.peerHost(),
          config.peerPort(),
          config.dataDir());
      return new CairnServer(
          config, raft, member, proposer, reads, services, grpc, callPool, telemetry);
    } catch (IOException | RuntimeException e) {
      while (!started.isEmpty()) {
        closeQuietly(id, started.pop());
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("node " + id + " failed to start: " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  public String nodeId() {
    return config.nodeId();
  }

  public ServerConfig config() {
    return config;
  }

  /** The port the Cairn gRPC services listen on. */
  public int clientPort() {
    return grpc.getPort();
  }

  public boolean isLeader() {
    return !closed.get() && member.isLeader();
  }

  /** Leader with its startup entry applied: writes are accepted here. */
  public boolean isLeaderReady() {
    return !closed.get() && member.isLeaderReady();
  }

  /** The leader's id as this node knows it. */
  public Optional<String> leaderId() {
    return closed.get() ? Optional.empty() : member.leaderId();
  }

  /** The last applied log index of this node. */
  public long appliedIndex() {
    return member.appliedIndex();
  }

  /**
   * Serves Prometheus /metrics, /livez and /readyz over HTTP on {@code host:port} (port 0 picks a
   * free one) until the node closes.
   *
   * @return the bound port
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public int serveMetrics(String host, int port) {
    return telemetry.serveHttp(host, port);
  }

  /** Whether this node should get traffic (what /readyz and gRPC health report). */
  public io.cairn.server.health.Readiness readiness() {
    return telemetry.readiness();
  }

  /** Graceful stop: no new requests, in-flight answers sent, then Raft closes. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    String id = config.nodeId();
    try {
      closeQuietly(id, telemetry); // health goes NOT_SERVING before calls are refused
      grpc.shutdown();
      // Watch and keep-alive streams never end on their own: end them so the grace period is
      // spent on unary calls only.
      services.close(id);
      try {
        if (!grpc.awaitTermination(GRPC_SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
          grpc.shutdownNow();
        }
      } catch (InterruptedException e) {
        grpc.shutdownNow();
        Thread.currentThread().interrupt();
      }
      callPool.shutdownNow();
      closeQuietly(id, proposer);
      closeQuietly(id, reads);
      closeQuietly(id, raft);
      LOG.info("[{}] stopped", id);
    } finally {
      terminated.countDown();
    }
  }

  /**
   * Blocks until {@link #close()} has finished, or until Ratis reports a fatal error, which closes
   * the node and throws {@link IllegalStateException}.
   */
  public void awaitTermination() throws InterruptedException {
    while (!terminated.await(500, TimeUnit.MILLISECONDS)) {
      // System exit is disabled for Ratis (see the static initializer), so a fatal Ratis error
      // (e.g. a failed apply) only records itself; a node process must not live on as a zombie.
      if (ExitUtils.isTerminated()) {
        var fatal = ExitUtils.getFirstExitException();
        LOG.error(
            "[{}] the Raft server stopped after a fatal error: {}", nodeId(), fatal.getMessage());
        close();
        throw new IllegalStateException(
            "node " + nodeId() + " stopped after a fatal Raft error: " + fatal.getMessage());
      }
    }
  }

  private static void closeQuietly(String id, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.warn("[{}] error while closing {}: {}", id, c.getClass().getSimpleName(), e.toString());
    }
  }

  static String version() {
    String v = CairnServer.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
