package io.cairn.client;

import io.cairn.api.v1.TxnRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A transaction under construction: if every {@link #when} compare holds, the {@link #then}
 * operations run, else the {@link #otherwise} operations; all atomically at one revision. Each
 * method appends and returns this builder. Not thread-safe: build and commit from one thread.
 *
 * <pre>{@code
 * client.txn()
 *     .when(Cmp.version(key).equal(0))
 *     .then(Op.put(key, value))
 *     .otherwise(Op.get(key))
 *     .commit();
 * }</pre>
 */
public final class Txn {
  /** Compares plus the operations of both branches; the server enforces the same limit. */
  public static final int MAX_OPS = 128;

  private final Function<TxnRequest, CompletableFuture<TxnResult>> committer;
  private final List<Cmp> compares = new ArrayList<>();
  private final List<Op> success = new ArrayList<>();
  private final List<Op> failure = new ArrayList<>();

  Txn(Function<TxnRequest, CompletableFuture<TxnResult>> committer) {
    this.committer = committer;
  }

  public Txn when(Cmp... cmps) {
    return when(Arrays.asList(cmps));
  }

  public Txn when(List<Cmp> cmps) {
    compares.addAll(cmps);
    return this;
  }

  public Txn then(Op... ops) {
    return then(Arrays.asList(ops));
  }

  public Txn then(List<Op> ops) {
    success.addAll(ops);
    return this;
  }

  public Txn otherwise(Op... ops) {
    return otherwise(Arrays.asList(ops));
  }

  public Txn otherwise(List<Op> ops) {
    failure.addAll(ops);
    return this;
  }

  /**
   * Sends the transaction; it is a write, with the same retry and failure semantics as a put. A
   * transaction with more than {@link #MAX_OPS} compares and operations fails at once with a {@link
   * CairnRejectedException} ({@code TOO_MANY_TXN_OPS}).
   */
  public CompletableFuture<TxnResult> commit() {
    int ops = compares.size() + success.size() + failure.size();
    if (ops > MAX_OPS) {
      return CompletableFuture.failedFuture(
          new CairnRejectedException(
              "TOO_MANY_TXN_OPS",
              "a transaction holds at most " + MAX_OPS + " compares and operations, not " + ops,
              null));
    }
    return committer.apply(toRequest());
  }

  TxnRequest toRequest() {
    TxnRequest.Builder b = TxnRequest.newBuilder();
    compares.forEach(c -> b.addCompare(c.toProto()));
    success.forEach(o -> b.addSuccess(o.toProto()));
    failure.forEach(o -> b.addFailure(o.toProto()));
    return b.build();
  }

  @Override
  public String toString() {
    return "txn(when " + compares + " then " + success + " otherwise " + failure + ")";
  }
}
