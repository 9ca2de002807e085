/**
 * Leases. {@link io.cairn.server.lease.Lessor} keeps expiry on the leader only, in memory on the
 * monotonic clock, and proposes {@code LeaseRevoke} when a lease runs out; the stored leases (id,
 * TTL, keys) are replicated state. A new leader gives every lease a full TTL, so a failover never
 * expires a live lease early (it may let a dead one live up to one TTL longer). {@link
 * io.cairn.server.lease.LeaseService} serves cairn.v1.Lease: keep-alive and time-to-live only on
 * the leader.
 */
package io.cairn.server.lease;
