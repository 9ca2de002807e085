package io.cairn.server.health;

import io.cairn.server.replication.RaftMember;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls this member's Raft state: keeps the gRPC health service's status in line with {@link
 * Readiness} and counts leader changes (a new leader id or a new term with a leader). Changes
 * shorter than one poll interval are not seen, like any sampled signal.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  /** How often readiness and the leader are sampled. */
  public static final Duration POLL = Duration.ofMillis(200);

  private final String id;
  private final RaftMember member;
  private final HealthStatusManager health;
  private final List<String> services;
  private final ScheduledExecutorService timer;
  private final AtomicLong leaderChanges = new AtomicLong();
  private String lastLeader = ""; // timer thread only
  private long lastTerm = -1; // timer thread only
  private volatile boolean lastReady;

  /**
   * @param services the gRPC service names whose health follows readiness ("" is added)
   */
  public HealthMonitor(
      String id, RaftMember member, HealthStatusManager health, List<String> services) {
    this.id = id;
    this.member = member;
    this.health = health;
    this.services = services;
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
    services.forEach(s -> health.setStatus(s, ServingStatus.NOT_SERVING));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-" + id + "-health");
              t.setDaemon(true);
              return t;
            });
    long ms = POLL.toMillis();
    timer.scheduleWithFixedDelay(this::pollSafely, 0, ms, TimeUnit.MILLISECONDS);
  }

  /** Readiness now, read directly from Raft (not the last poll). */
  public Readiness readiness() {
    try {
      return Readiness.of(member.leaderId(), member.commitIndex(), member.appliedIndex());
    } catch (RuntimeException e) {
      return new Readiness(false, "raft state unavailable: " + e.getMessage());
    }
  }

  /** Leader changes seen since start. */
  public long leaderChanges() {
    return leaderChanges.get();
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.debug("[{}] health poll failed: {}", id, e.toString());
    }
  }

  private void poll() {
    Optional<String> leader = member.leaderId();
    long term = member.term();
    if (leader.isPresent() && (!leader.get().equals(lastLeader) || term != lastTerm)) {
      leaderChanges.incrementAndGet();
      lastLeader = leader.get();
      lastTerm = term;
    }
    Readiness r = readiness();
    if (r.ready() != lastReady) {
      lastReady = r.ready();
      ServingStatus s = r.ready() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
      health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, s);
      services.forEach(name -> health.setStatus(name, s));
      LOG.info("[{}] {} ({})", id, r.ready() ? "ready" : "not ready", r.reason());
    }
  }

  /** Stops polling and reports NOT_SERVING from now on. */
  @Override
  public void close() {
    timer.shutdownNow();
    health.enterTerminalState();
  }
}
