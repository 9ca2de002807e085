package io.cairn.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A connection to a Cairn cluster. Build one with {@link #builder()}, share it (it is immutable and
 * thread-safe) and close it when done.
 *
 * <p>Every operation returns a future that completes with the result or exceptionally with a {@link
 * CairnException} whose type says what happened to a write: {@link CairnRejectedException} (bad
 * request, not applied), {@link CairnUnavailableException} (not applied, safe to retry) or {@link
 * CairnIndeterminateException} (may have applied, at most once). Within the call timeout the client
 * retries by itself: writes go to the leader (it follows the members' hints) and carry a session id
 * and sequence number so that a retry is applied at most once; reads go to the leader as the client
 * knows it (any member can answer them).
 *
 * <p>Futures complete on the gRPC I/O threads: do not block in dependent stages (use the {@code
 * *Async} variants with your own executor, or {@link #blocking()} from your own threads; a blocking
 * call on an I/O thread fails with {@link IllegalStateException} rather than wait for itself).
 */
public interface CairnClient extends AutoCloseable {
  static CairnClientBuilder builder() {
    return new CairnClientBuilder();
  }

  /** A linearizable read of one key. */
  CompletableFuture<GetResult> get(Bytes key);

  /** Reads a key, a range or a prefix. */
  CompletableFuture<GetResult> get(Bytes key, GetOptions options);

  /** Stores {@code value} under {@code key}, creating or replacing it. */
  CompletableFuture<PutResult> put(Bytes key, Bytes value);

  CompletableFuture<PutResult> put(Bytes key, Bytes value, PutOptions options);

  /** Deletes one key; deleting a missing key succeeds with {@code deleted == 0}. */
  CompletableFuture<DeleteResult> delete(Bytes key);

  /** Deletes a key, a range or a prefix. */
  CompletableFuture<DeleteResult> delete(Bytes key, DeleteOptions options);

  /** Starts a transaction; nothing is sent until {@link Txn#commit()}. */
  Txn txn();

  /**
   * Discards the history at and below {@code revision} (which must be at most the current one):
   * reads and watches there then fail with {@link CairnCompactedException}. Compacting at or below
   * the compacted revision fails with {@link CairnCompactedException}.
   */
  CompletableFuture<CompactResult> compact(long revision);

  /**
   * Watches a key, a range or a prefix, calling {@code listener} with each matching revision's
   * events, exactly once and in order, across member failures, restarts and leader changes, until
   * {@link Watcher#close()} or an error that ends it (see {@link WatchListener#onError}).
   */
  Watcher watch(Bytes key, WatchOptions options, WatchListener listener);

  /**
   * The same watch as a reactive stream: one subscriber, which drives delivery with {@code
   * request(n)} (one item per revision). A subscriber that requests nothing is not buffered for:
   * the member's stream is flow-controlled instead. Errors: as {@link WatchListener#onError};
   * {@code cancel()} closes the watch.
   */
  Flow.Publisher<WatchBatch> watchPublisher(Bytes key, WatchOptions options);

  /** Grants a lease of {@code ttlSeconds} with an id the cluster picks. */
  CompletableFuture<LeaseGrantResult> leaseGrant(long ttlSeconds);

  /** Grants a lease with the given id (an id in use fails with reason {@code LEASE_EXISTS}). */
  CompletableFuture<LeaseGrantResult> leaseGrant(long ttlSeconds, long id);

  /** Revokes a lease, deleting every key attached to it at one revision. */
  CompletableFuture<LeaseRevokeResult> leaseRevoke(long id);

  /** A lease's remaining TTL (ttl -1 if it does not exist), and its keys if asked. */
  CompletableFuture<LeaseTimeToLive> leaseTimeToLive(long id, boolean withKeys);

  /** Every lease. */
  CompletableFuture<LeaseList> leases();

  /** Keeps a lease alive until closed or lost. */
  LeaseKeeper keepAlive(long id);

  /** Keeps a lease alive until closed or lost, telling {@code listener} what happens. */
  LeaseKeeper keepAlive(long id, LeaseListener listener);

  /** The cluster's members, as any member knows them; also teaches the client their addresses. */
  CompletableFuture<MemberList> members();

  /** Asks exactly {@code endpoint} (host:port) for its own status. */
  CompletableFuture<EndpointStatus> status(String endpoint);

  /**
   * Adds a non-voting learner that already runs with {@code cairn server --join}; completes once it
   * has caught up, with the new configuration. Sent to the leader.
   */
  CompletableFuture<MemberList> addLearner(String id, String peerAddress, String clientAddress);

  /** Makes a caught-up learner a voter; fails with FAILED_PRECONDITION while it lags. */
  CompletableFuture<MemberList> promoteMember(String id);

  /** Removes a member; refused (FAILED_PRECONDITION) when it would put the quorum at risk. */
  CompletableFuture<MemberList> removeMember(String id);

  /**
   * Hands leadership to voter {@code toId}, or to one the leader chooses when it is null or empty;
   * completes with the new leader's id.
   */
  CompletableFuture<String> transferLeader(String toId);

  /** Every endpoint this client knows: those it was built with, then those it learned. */
  List<String> endpoints();

  /** The same client with blocking methods. */
  BlockingCairnClient blocking();

  /** Closes every connection. Pending calls fail with reason {@code CLOSED}. */
  @Override
  void close();
}
