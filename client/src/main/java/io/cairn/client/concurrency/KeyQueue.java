package io.cairn.client.concurrency;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.Cmp;
import io.cairn.client.GetOptions;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.Op;
import io.cairn.client.PutOptions;
import io.cairn.client.PutResult;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The queue under a lock or an election: each contender owns the key {@code prefix + leaseHex}; the
 * contender whose key has the lowest create revision is first. A contender waits by watching only
 * the key just before its own, so a release wakes one waiter, not all.
 */
final class KeyQueue {
  private final CairnClient client;
  private final Bytes prefix;

  KeyQueue(CairnClient client, Bytes prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  /** The key a contender holding {@code lease} owns. */
  Bytes keyFor(long lease) {
    return concat(prefix, Bytes.utf8(Long.toHexString(lease)));
  }

  static Bytes concat(Bytes a, Bytes b) {
    byte[] x = a.toByteArray();
    byte[] y = b.toByteArray();
    byte[] out = new byte[x.length + y.length];
    System.arraycopy(x, 0, out, 0, x.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return Bytes.of(out);
  }

  /**
   * Creates {@code key} on {@code lease} unless it exists (re-entering keeps the original place in
   * the queue): the key as stored.
   */
  CompletableFuture<KeyValue> enqueue(Bytes key, Bytes value, long lease) {
    return client
        .txn()
        .when(Cmp.createRevision(key).equal(0))
        .then(Op.put(key, value, PutOptions.builder().lease(lease).build()), Op.get(key))
        .otherwise(Op.get(key))
        .commit()
        .thenApply(
            r -> {
              GetResult get = (GetResult) r.results().get(r.succeeded() ? 1 : 0);
              return get.first()
                  .orElseThrow(() -> lost("the queue key vanished right after it was written"));
            });
  }

  /** Every contender's key, first in line first, as of one read. */
  CompletableFuture<GetResult> contenders() {
    return client.get(prefix, GetOptions.builder().prefix(true).build());
  }

  /** The first contender, if any. */
  static Optional<KeyValue> first(GetResult r) {
    return r.kvs().stream().min(Comparator.comparingLong(KeyValue::createRevision));
  }

  /**
   * Completes with {@code mine} once no key created before it remains; fails if {@code mine} is
   * deleted meanwhile (its lease was lost). {@code waiting} receives each watch this opens, so the
   * caller can cancel it.
   */
  CompletableFuture<KeyValue> awaitTurn(
      KeyValue mine, java.util.function.Consumer<Watcher> waiting) {
    return contenders()
        .thenCompose(
            r -> {
              if (r.kvs().stream()
                  .noneMatch(
                      kv ->
                          kv.key().equals(mine.key())
                              && kv.createRevision() == mine.createRevision())) {
                return CompletableFuture.failedFuture(lost("the session's key is gone"));
              }
              Optional<KeyValue> before =
                  r.kvs().stream()
                      .filter(kv -> kv.createRevision() < mine.createRevision())
                      .max(Comparator.comparingLong(KeyValue::createRevision));
              if (before.isEmpty()) {
                return CompletableFuture.completedFuture(mine);
              }
              return awaitDelete(before.get().key(), r.header().revision(), waiting)
                  .thenCompose(v -> awaitTurn(mine, waiting));
            });
  }

  /** Completes when {@code key} is deleted after revision {@code seen}. */
  private CompletableFuture<Void> awaitDelete(
      Bytes key, long seen, java.util.function.Consumer<Watcher> waiting) {
    CompletableFuture<Void> deleted = new CompletableFuture<>();
    Watcher w =
        client.watch(
            key,
            WatchOptions.builder().startRevision(seen + 1).noPut(true).build(),
            new WatchListener() {
              @Override
              public void onEvents(WatchBatch batch) {
                if (batch.events().stream().anyMatch(e -> e.type() == WatchEvent.Type.DELETE)) {
                  deleted.complete(null);
                }
              }

              @Override
              public void onError(CairnException e) {
                deleted.completeExceptionally(e);
              }
            });
    deleted.whenComplete((v, e) -> w.close());
    waiting.accept(w);
    return deleted;
  }

  /** Deletes {@code key} if it is still the one created at {@code createRevision}. */
  CompletableFuture<Boolean> dequeue(Bytes key, long createRevision) {
    return client
        .txn()
        .when(Cmp.createRevision(key).equal(createRevision))
        .then(Op.delete(key))
        .commit()
        .thenApply(r -> r.succeeded());
  }

  /** Replaces the value of {@code key} if it is still the one created at {@code createRevision}. */
  CompletableFuture<Optional<PutResult>> update(
      Bytes key, long createRevision, Bytes value, long lease) {
    return client
        .txn()
        .when(Cmp.createRevision(key).equal(createRevision))
        .then(Op.put(key, value, PutOptions.builder().lease(lease).build()))
        .commit()
        .thenApply(
            r -> r.succeeded() ? Optional.of((PutResult) r.results().get(0)) : Optional.empty());
  }

  static CairnLeaseNotFoundException lost(String why) {
    return new CairnLeaseNotFoundException(why + " (session lost)", java.util.Map.of(), null);
  }
}
