package io.cairn.client;

/** Hears what happens to a lease being kept alive ({@link CairnClient#keepAlive}). */
public interface LeaseListener {
  /** The leader refreshed the lease: it now lives {@code ttlSeconds} more. */
  default void onKeepAlive(long ttlSeconds) {}

  /**
   * The lease is gone (expired or revoked: {@link CairnLeaseNotFoundException}) or the keeper
   * stopped for good (client closed). Called at most once; the keeper sends nothing more.
   */
  default void onLost(CairnException e) {}
}
