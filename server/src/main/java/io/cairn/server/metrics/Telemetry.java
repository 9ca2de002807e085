package io.cairn.server.metrics;

import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.LeaseGrpc;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.server.health.HealthMonitor;
import io.cairn.server.health.Readiness;
import io.cairn.server.lease.Lessor;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.RatisProposer;
import io.cairn.statemachine.ratis.CairnStateMachine;
import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.SnapshotInfo;

/**
 * A node's observability in one piece for the server wiring: metrics (listener + gRPC interceptor),
 * the gRPC health service driven by readiness, and the optional HTTP endpoint.
 */
public final class Telemetry implements AutoCloseable {
  private final String id;
  private final NodeMetrics metrics;
  private final HealthStatusManager healthStatus = new HealthStatusManager();
  private final HealthMonitor monitor;
  private final CairnStateMachine stateMachine;
  private volatile MetricsHttpServer http;

  private Telemetry(
      String id,
      String version,
      RaftMember member,
      CairnStateMachine sm,
      RatisProposer proposer,
      Lessor lessor,
      LongSupplier watchers) {
    this.id = id;
    this.stateMachine = sm;
    this.metrics = new NodeMetrics(id, version);
    this.monitor =
        new HealthMonitor(
            id,
            member,
            healthStatus,
            List.of(
                KVGrpc.SERVICE_NAME,
                WatchGrpc.SERVICE_NAME,
                LeaseGrpc.SERVICE_NAME,
                ClusterGrpc.SERVICE_NAME));
    String watchMethod = WatchGrpc.getWatchMethod().getFullMethodName();
    metrics.bind(
        new NodeMetrics.Sources(
            member::term,
            member::commitIndex,
            member::appliedIndex,
            () ->
                Optional.ofNullable(sm.getLatestSnapshot())
                    .map(SnapshotInfo::getTermIndex)
                    .map(TermIndex::getIndex)
                    .orElse(-1L),
            () -> member.isLeader() ? 1 : 0,
            () -> member.leaderId().isPresent() ? 1 : 0,
            monitor::leaderChanges,
            () -> monitor.readiness().ready() ? 1 : 0,
            proposer::pendingCommands,
            proposer::entriesSubmitted,
            proposer::commandsSubmitted,
            proposer::entriesSubmittedByCallers,
            member::revision,
            sm::compactRevision,
            member::dbSizeBytes,
            sm::dbFreePages,
            lessor::leaseCount,
            () -> metrics.rpc().openStreams(watchMethod),
            watchers));
    sm.addListener(metrics);
  }

  /**
   * Starts health polling and metric collection for a started node.
   *
   * @param watchers how many watches are open (the watch hub's count)
   */
  public static Telemetry start(
      String id,
      String version,
      RaftMember member,
      CairnStateMachine sm,
      RatisProposer proposer,
      Lessor lessor,
      LongSupplier watchers) {
    return new Telemetry(id, version, member, sm, proposer, lessor, watchers);
  }

  /** Counts and times every gRPC call; install on the client-port server. */
  public ServerInterceptor interceptor() {
    return metrics.rpc();
  }

  /** The standard grpc.health.v1.Health service: SERVING while ready. */
  public BindableService healthService() {
    return healthStatus.getHealthService();
  }

  public NodeMetrics metrics() {
    return metrics;
  }

  public Readiness readiness() {
    return monitor.readiness();
  }

  /**
   * Serves /metrics, /livez and /readyz on {@code host:port} (0: a free port) until close.
   *
   * @return the bound port
   */
  public synchronized int serveHttp(String host, int port) {
    if (http != null) {
      throw new IllegalStateException("node " + id + " already serves metrics");
    }
    http = MetricsHttpServer.start(id, host, port, metrics, monitor::readiness);
    return http.port();
  }

  @Override
  public void close() {
    monitor.close();
    stateMachine.removeListener(metrics);
    MetricsHttpServer h = http;
    if (h != null) {
      h.close();
    }
  }
}
