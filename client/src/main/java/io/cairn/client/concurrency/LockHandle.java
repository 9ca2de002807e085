package io.cairn.client.concurrency;

import io.cairn.client.Bytes;
import io.cairn.client.Cmp;
import java.util.concurrent.CompletableFuture;

/**
 * A held lock ({@link CairnLock}). Holding it is a claim that can silently end (the session's lease
 * expired while this process was paused or cut off), so every write the lock protects should be a
 * transaction guarded by {@link #isHeld()}: a stale holder's write then fails instead of applying.
 */
public final class LockHandle implements AutoCloseable {
  private final String name;
  private final Bytes key;
  private final long fencingToken;
  private final KeyQueue queue;

  LockHandle(String name, Bytes key, long fencingToken, KeyQueue queue) {
    this.name = name;
    this.key = key;
    this.fencingToken = fencingToken;
    this.queue = queue;
  }

  public String name() {
    return name;
  }

  /** The key that represents this hold. */
  public Bytes key() {
    return key;
  }

  /**
   * The create revision of {@link #key()}: unique per hold and larger for every later holder of the
   * same lock, so a resource can refuse a token smaller than one it has seen.
   */
  public long fencingToken() {
    return fencingToken;
  }

  /** A transaction compare that holds exactly while this hold is current. */
  public Cmp isHeld() {
    return Cmp.createRevision(key).equal(fencingToken);
  }

  /** Releases the lock (a no-op if it was already lost): true if this call released it. */
  public CompletableFuture<Boolean> unlockAsync() {
    return queue.dequeue(key, fencingToken);
  }

  /** Releases the lock and waits. */
  public void unlock() {
    Await.await(unlockAsync());
  }

  /** {@link #unlock()}. */
  @Override
  public void close() {
    unlock();
  }

  @Override
  public String toString() {
    return "LockHandle[" + key + " @" + fencingToken + "]";
  }
}
