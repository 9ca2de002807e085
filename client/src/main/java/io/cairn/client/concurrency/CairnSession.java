package io.cairn.client.concurrency;

import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.LeaseKeeper;
import java.util.concurrent.CompletableFuture;

/**
 * A lease kept alive for as long as this client lives and the session is open: the locks and
 * leaderships taken with it are held on that lease, so they end when the session ends, whether
 * closed here or lost (this process stalled or was cut off for longer than the TTL).
 */
public final class CairnSession implements AutoCloseable {
  /** The TTL used when none is given, in seconds (as etcd). */
  public static final long DEFAULT_TTL_SECONDS = 60;

  private final CairnClient client;
  private final long leaseId;
  private final long ttl;
  private final LeaseKeeper keeper;

  private CairnSession(CairnClient client, long leaseId, long ttl) {
    this.client = client;
    this.leaseId = leaseId;
    this.ttl = ttl;
    this.keeper = client.keepAlive(leaseId);
  }

  /** Grants a lease of {@code ttlSeconds} and starts keeping it alive. */
  public static CompletableFuture<CairnSession> createAsync(CairnClient client, long ttlSeconds) {
    return client.leaseGrant(ttlSeconds).thenApply(g -> new CairnSession(client, g.id(), g.ttl()));
  }

  /** Grants a lease of {@code ttlSeconds} and starts keeping it alive; waits. */
  public static CairnSession create(CairnClient client, long ttlSeconds) {
    return Await.await(createAsync(client, ttlSeconds));
  }

  /** {@link #create(CairnClient, long)} with {@link #DEFAULT_TTL_SECONDS}. */
  public static CairnSession create(CairnClient client) {
    return create(client, DEFAULT_TTL_SECONDS);
  }

  public CairnClient client() {
    return client;
  }

  /** The session's lease. */
  public long leaseId() {
    return leaseId;
  }

  /** The granted TTL, in seconds. */
  public long ttl() {
    return ttl;
  }

  /**
   * Completes exceptionally (a {@link CairnException}) when the lease is lost: everything held with
   * this session is released. Completes normally when the session is closed.
   */
  public CompletableFuture<Void> done() {
    return keeper.lost();
  }

  /** Whether the session ended (closed or lost). */
  public boolean isDone() {
    return keeper.lost().isDone();
  }

  /** Stops the keep-alives and revokes the lease, releasing everything held; waits. */
  @Override
  public void close() {
    keeper.close();
    try {
      Await.await(client.leaseRevoke(leaseId));
    } catch (CairnException e) {
      // Already gone, or unreachable: the lease then expires by itself after its TTL.
    }
  }
}
