package io.cairn.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to a Cairn cluster. Build one with {@link #builder()}, share it (it is immutable and
 * thread-safe) and close it when done.
 *
 * <p>Every operation returns a future that completes with the result or exceptionally with a {@link
 * CairnException} whose type says what happened to a write: {@link CairnRejectedException} (bad
 * request, not applied), {@link CairnUnavailableException} (not applied, safe to retry) or {@link
 * CairnIndeterminateException} (may have applied, at most once). Within the call timeout the client
 * retries by itself: writes go to the leader (it follows the members' hints) and carry a session id
 * and sequence number so that a retry is applied at most once; reads go to any member.
 *
 * <p>Futures complete on gRPC threads: do not block in dependent stages (use the {@code *Async}
 * variants with your own executor, or {@link #blocking()}).
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

  /** The cluster's members, as any member knows them; also teaches the client their addresses. */
  CompletableFuture<MemberList> members();

  /** Asks exactly {@code endpoint} (host:port) for its own status. */
  CompletableFuture<EndpointStatus> status(String endpoint);

  /** Every endpoint this client knows: those it was built with, then those it learned. */
  List<String> endpoints();

  /** The same client with blocking methods. */
  BlockingCairnClient blocking();

  /** Closes every connection. Pending calls fail with reason {@code CLOSED}. */
  @Override
  void close();
}
