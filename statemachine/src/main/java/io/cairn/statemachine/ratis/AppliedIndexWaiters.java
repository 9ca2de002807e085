package io.cairn.statemachine.ratis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Futures waiting until the applied index reaches some index (stale reads with a minimum). */
final class AppliedIndexWaiters {
  private final TreeMap<Long, List<CompletableFuture<Void>>> waiting = new TreeMap<>();
  private volatile long applied = -1;
  private Throwable failure;

  /** The applied index so far. */
  long applied() {
    return applied;
  }

  /** Completes once the applied index is at least {@code index}. */
  synchronized CompletableFuture<Void> await(long index) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (index <= applied) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.computeIfAbsent(index, i -> new ArrayList<>()).add(f);
    return f;
  }

  /** Records a new applied index and releases every waiter at or below it. */
  void advance(long index) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    synchronized (this) {
      applied = Math.max(applied, index);
      Map<Long, List<CompletableFuture<Void>>> head = waiting.headMap(applied, true);
      head.values().forEach(ready::addAll);
      head.clear();
    }
    ready.forEach(f -> f.complete(null)); // outside the lock: callbacks may run here
  }

  /** Fails every current and future waiter (the state machine is closing). */
  void failAll(Throwable cause) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    synchronized (this) {
      failure = cause;
      waiting.values().forEach(all::addAll);
      waiting.clear();
    }
    all.forEach(f -> f.completeExceptionally(cause));
  }
}
