package io.cairn.client.concurrency;

import io.cairn.client.Bytes;
import io.cairn.client.Watcher;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Named mutexes held with a {@link CairnSession}. {@code lock(name)} creates the key {@code
 * name/<lease hex>} on the session's lease and waits until no key under {@code name/} was created
 * before it; the lock is then held until unlocked or until the session ends. Its {@link
 * LockHandle#fencingToken()} is that key's create revision, which grows with every new holder.
 * Locking a name this session already holds or waits for joins the same place in line.
 */
public final class CairnLock {
  private final CairnSession session;

  public CairnLock(CairnSession session) {
    this.session = session;
  }

  /**
   * Acquires the lock {@code name}. Canceling the future before it completes leaves the line. Fails
   * with {@link io.cairn.client.CairnLeaseNotFoundException} if the session is lost meanwhile.
   */
  public CompletableFuture<LockHandle> lockAsync(String name) {
    KeyQueue queue = new KeyQueue(session.client(), Bytes.utf8(name + "/"));
    Bytes key = queue.keyFor(session.leaseId());
    AtomicReference<Watcher> waiting = new AtomicReference<>();
    AtomicLong created = new AtomicLong();
    CompletableFuture<LockHandle> result = new CompletableFuture<>();
    queue
        .enqueue(key, Bytes.EMPTY, session.leaseId())
        .thenCompose(
            mine -> {
              created.set(mine.createRevision());
              if (result.isDone()) { // canceled while joining the line: leave it
                return queue.dequeue(key, mine.createRevision()).thenApply(x -> mine);
              }
              return queue.awaitTurn(
                  mine,
                  w -> {
                    waiting.set(w);
                    if (result.isDone()) {
                      w.close();
                    }
                  });
            })
        .whenComplete(
            (mine, e) -> {
              if (e != null) {
                result.completeExceptionally(Await.unwrap(e));
              } else if (!result.complete(
                  new LockHandle(name, key, mine.createRevision(), queue))) {
                queue.dequeue(key, mine.createRevision()); // canceled meanwhile: leave
              }
            });
    result.whenComplete(
        (h, e) -> {
          if (result.isCancelled()) {
            Watcher w = waiting.get();
            if (w != null) {
              w.close();
            }
            long rev = created.get();
            if (rev != 0) {
              queue.dequeue(key, rev);
            }
          }
        });
    return result;
  }

  /** Acquires the lock {@code name}; waits as long as it takes. */
  public LockHandle lock(String name) {
    return Await.await(lockAsync(name));
  }

  /**
   * Acquires the lock {@code name}, waiting at most {@code timeout}.
   *
   * @throws io.cairn.client.CairnUnavailableException reason {@code TIMEOUT} if it did not get it
   */
  public LockHandle lock(String name, Duration timeout) {
    return Await.await(lockAsync(name), timeout);
  }
}
