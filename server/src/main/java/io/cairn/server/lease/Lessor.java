package io.cairn.server.lease;

import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.Threads;
import io.cairn.statemachine.proto.Command;
import io.cairn.statemachine.proto.CommandResult;
import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.proto.LeaseInfoResult;
import io.cairn.statemachine.proto.LeaseRevoke;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.ratis.StateListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease expiry, decided by the leader alone (apply never reads a clock).
 *
 * <p>Every tick the lessor checks whether this member is the ready leader. On promotion (or a new
 * term) it loads every stored lease and gives each a full TTL from now (as etcd's Promote: a
 * failover never expires a live lease early); on demotion it forgets them, so followers keep no
 * timers. While primary it learns grants and revokes from the state machine, extends a lease on
 * each keep-alive, and proposes {@code LeaseRevoke} for expired ones, a bounded number per tick,
 * retrying those whose proposal failed. Expiry uses the monotonic clock.
 */
public final class Lessor implements StateListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lessor.class);

  /** The smallest TTL a lease gets, in seconds. */
  public static final long MIN_TTL_SECONDS = 2;

  /** Revocations proposed per tick at most, so a mass expiry does not flood the log. */
  static final int MAX_REVOKES_PER_TICK = 64;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final String memberId;
  private final Leadership leadership;
  private final Supplier<CompletableFuture<QueryResult>> listLeases;
  private final Function<Command, CompletableFuture<CommandResult>> propose;
  private final LongSupplier clock;
  private final ScheduledExecutorService timer;
  private final Map<Long, Lease> leases = new ConcurrentHashMap<>();

  /** The term this member was promoted in; -1 while not primary. */
  private volatile long primaryTerm = -1;

  /** True once the promotion's lease list was loaded. */
  private volatile boolean loaded;

  /** Whether this member is the ready leader, and in which term. */
  public interface Leadership {
    boolean isLeaderReady();

    long term();

    static Leadership of(RaftMember member) {
      return new Leadership() {
        @Override
        public boolean isLeaderReady() {
          return member.isLeaderReady();
        }

        @Override
        public long term() {
          return member.term();
        }
      };
    }
  }

  private static final class Lease {
    final long ttlSeconds;
    volatile long expiresAtNanos;
    volatile boolean revoking;

    Lease(long ttlSeconds, long expiresAtNanos) {
      this.ttlSeconds = ttlSeconds;
      this.expiresAtNanos = expiresAtNanos;
    }
  }

  /**
   * @param listLeases a linearizable read of every stored lease (Query lease_list)
   * @param propose proposes a command (LeaseRevoke)
   * @param clock monotonic nanoseconds
   * @param tick how often expiry and leadership are checked
   */
  public Lessor(
      String memberId,
      Leadership leadership,
      Supplier<CompletableFuture<QueryResult>> listLeases,
      Function<Command, CompletableFuture<CommandResult>> propose,
      LongSupplier clock,
      Duration tick) {
    this.memberId = memberId;
    this.leadership = leadership;
    this.listLeases = listLeases;
    this.propose = propose;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Threads.daemonFactory("cairn-" + memberId + "-lessor"));
    long ms = tick.toMillis();
    timer.scheduleWithFixedDelay(this::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** Leases this member tracks (only the primary tracks any; for metrics). */
  public int leaseCount() {
    return leases.size();
  }

  /** True when this member tracks expiry (ready leader, leases loaded). */
  public boolean isPrimary() {
    return loaded && primaryTerm >= 0;
  }

  /**
   * Extends a lease by its TTL from now.
   *
   * @return the TTL in seconds; 0 when the lease does not exist or already expired
   * @throws IllegalStateException when this member is not primary
   */
  public long keepAlive(long id) {
    requirePrimary();
    long now = clock.getAsLong();
    Lease l = leases.get(id);
    if (l == null || l.expiresAtNanos - now <= 0) {
      return 0;
    }
    l.expiresAtNanos = now + l.ttlSeconds * NANOS_PER_SECOND;
    return l.ttlSeconds;
  }

  /**
   * Remaining whole seconds of a lease (rounded up), or {@code -1} when this lessor does not know
   * it.
   *
   * @throws IllegalStateException when this member is not primary
   */
  public long remainingSeconds(long id) {
    requirePrimary();
    Lease l = leases.get(id);
    if (l == null) {
      return -1;
    }
    long left = l.expiresAtNanos - clock.getAsLong();
    return left <= 0 ? 0 : (left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
  }

  private void requirePrimary() {
    if (!isPrimary() || primaryTerm != leadership.term()) {
      throw new IllegalStateException("member " + memberId + " does not track leases");
    }
  }

  @Override
  public void committed(long revision, List<Event> events) {}

  @Override
  public void leaseGranted(long id, long ttlSeconds) {
    if (primaryTerm >= 0) {
      leases.put(id, new Lease(ttlSeconds, clock.getAsLong() + ttlSeconds * NANOS_PER_SECOND));
    }
  }

  @Override
  public void leaseRevoked(long id) {
    leases.remove(id);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.warn("[{}] lease tick failed: {}", memberId, e.toString());
    }
  }

  /** One check of leadership and expiry; runs on the lessor thread. */
  void tick() {
    boolean leader = leadership.isLeaderReady();
    long term = leadership.term();
    if (!leader || term != primaryTerm) {
      if (primaryTerm >= 0) {
        LOG.info("[{}] no longer the lease primary (term {})", memberId, primaryTerm);
      }
      primaryTerm = -1;
      loaded = false;
      leases.clear();
      if (leader) {
        promote(term);
      }
      return;
    }
    if (loaded) {
      revokeExpired();
    }
  }

  private void promote(long term) {
    primaryTerm = term; // from now on grants are recorded; the list below fills in the rest
    QueryResult result;
    try {
      result = listLeases.get().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.info("[{}] cannot load leases yet: {}", memberId, e.toString());
      primaryTerm = -1;
      leases.clear();
      return;
    }
    long now = clock.getAsLong();
    for (LeaseInfoResult l : result.getLeaseList().getLeasesList()) {
      leases.putIfAbsent(
          l.getId(), new Lease(l.getTtlSeconds(), now + l.getTtlSeconds() * NANOS_PER_SECOND));
    }
    loaded = true;
    LOG.info(
        "[{}] lease primary in term {}: {} leases, each with a full TTL",
        memberId,
        term,
        leases.size());
  }

  private void revokeExpired() {
    long now = clock.getAsLong();
    int proposed = 0;
    for (Map.Entry<Long, Lease> e : leases.entrySet()) {
      Lease l = e.getValue();
      if (proposed >= MAX_REVOKES_PER_TICK) {
        return;
      }
      if (l.revoking || l.expiresAtNanos - now > 0) {
        continue;
      }
      long id = e.getKey();
      l.revoking = true;
      proposed++;
      LOG.debug("[{}] lease {} expired; revoking", memberId, id);
      Command revoke =
          Command.newBuilder().setLeaseRevoke(LeaseRevoke.newBuilder().setId(id)).build();
      propose
          .apply(revoke)
          .whenComplete(
              (r, t) -> {
                if (t == null
                    && (!r.hasFailure() || r.getFailure().getReason().equals("LEASE_NOT_FOUND"))) {
                  leases.remove(id, l);
                } else {
                  l.revoking = false; // retried next tick
                  LOG.debug(
                      "[{}] revoking lease {} failed: {}",
                      memberId,
                      id,
                      t != null ? t.toString() : r.getFailure().getReason());
                }
              });
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
