package io.cairn.client;

import io.cairn.client.internal.IoThreads;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The blocking facet of a {@link CairnClient} ({@link CairnClient#blocking()}): the same
 * operations, waiting for their results. Failures are thrown as the {@link CairnException} subtypes
 * themselves, never wrapped. An interrupted wait throws {@link CairnIndeterminateException} with
 * reason {@code INTERRUPTED} (and keeps the interrupt flag): the operation continues in the
 * background and a write may still apply.
 *
 * <p>Transactions: build and commit in one call, e.g. {@code blocking.txn(t ->
 * t.when(Cmp.version(k).equal(0)).then(Op.put(k, v)))}.
 */
public final class BlockingCairnClient {
  private final CairnClient client;

  BlockingCairnClient(CairnClient client) {
    this.client = client;
  }

  public GetResult get(Bytes key) {
    return await(client.get(key));
  }

  public GetResult get(Bytes key, GetOptions options) {
    return await(client.get(key, options));
  }

  public PutResult put(Bytes key, Bytes value) {
    return await(client.put(key, value));
  }

  public PutResult put(Bytes key, Bytes value, PutOptions options) {
    return await(client.put(key, value, options));
  }

  public DeleteResult delete(Bytes key) {
    return await(client.delete(key));
  }

  public DeleteResult delete(Bytes key, DeleteOptions options) {
    return await(client.delete(key, options));
  }

  /** Builds a transaction with {@code spec} on a fresh {@link Txn}, commits it and waits. */
  public TxnResult txn(Function<Txn, Txn> spec) {
    return await(spec.apply(client.txn()).commit());
  }

  public CompactResult compact(long revision) {
    return await(client.compact(revision));
  }

  /**
   * A watch read by pulling: {@link BlockingWatch#next()} waits for the next revision's events.
   * Holds at most a few batches; the member's stream waits while the caller does not pull.
   */
  public BlockingWatch watch(Bytes key, WatchOptions options) {
    return new BlockingWatch(client.watchPublisher(key, options));
  }

  public LeaseGrantResult leaseGrant(long ttlSeconds) {
    return await(client.leaseGrant(ttlSeconds));
  }

  public LeaseGrantResult leaseGrant(long ttlSeconds, long id) {
    return await(client.leaseGrant(ttlSeconds, id));
  }

  public LeaseRevokeResult leaseRevoke(long id) {
    return await(client.leaseRevoke(id));
  }

  public LeaseTimeToLive leaseTimeToLive(long id, boolean withKeys) {
    return await(client.leaseTimeToLive(id, withKeys));
  }

  public LeaseList leases() {
    return await(client.leases());
  }

  public MemberList members() {
    return await(client.members());
  }

  public MemberList addLearner(String id, String peerAddress, String clientAddress) {
    return await(client.addLearner(id, peerAddress, clientAddress));
  }

  public MemberList promoteMember(String id) {
    return await(client.promoteMember(id));
  }

  public MemberList removeMember(String id) {
    return await(client.removeMember(id));
  }

  public String transferLeader(String toId) {
    return await(client.transferLeader(toId));
  }

  public EndpointStatus status(String endpoint) {
    return await(client.status(endpoint));
  }

  public List<String> endpoints() {
    return client.endpoints();
  }

  /** Waits for {@code future}, rethrowing its failure unwrapped. */
  static <T> T await(CompletableFuture<T> future) {
    IoThreads.checkMayBlock(future.isDone());
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnIndeterminateException(
          "INTERRUPTED", "interrupted while waiting; the operation may still complete", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CairnIndeterminateException("INTERNAL", "unexpected failure: " + cause, cause);
    }
  }
}
