package io.cairn.client;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps a lease alive ({@link CairnClient#keepAlive}): a stream to the leader sending a keep-alive
 * every third of the TTL, re-opened (at the new leader) whenever it breaks. Thread-safe.
 */
public interface LeaseKeeper extends AutoCloseable {
  /** The lease kept alive. */
  long id();

  /** The TTL the leader last confirmed, in seconds; 0 before the first answer. */
  long ttl();

  /**
   * Completes exceptionally when the lease is lost (the same exception {@link LeaseListener#onLost}
   * gets); completes normally after {@link #close()}.
   */
  CompletableFuture<Void> lost();

  /** Stops sending keep-alives; the lease then expires after its TTL unless revoked. Idempotent. */
  @Override
  void close();
}
