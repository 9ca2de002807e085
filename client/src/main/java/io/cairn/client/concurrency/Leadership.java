package io.cairn.client.concurrency;

import io.cairn.client.Bytes;
import io.cairn.client.Cmp;
import java.util.concurrent.CompletableFuture;

/**
 * Being the leader of a {@link CairnElection}, from winning a campaign until resigning or losing
 * the session. As with a {@link LockHandle}, guard the leader's writes with {@link #isHeld()}.
 */
public final class Leadership implements AutoCloseable {
  private final String name;
  private final Bytes key;
  private final long fencingToken;
  private final long lease;
  private final KeyQueue queue;

  Leadership(String name, Bytes key, long fencingToken, long lease, KeyQueue queue) {
    this.name = name;
    this.key = key;
    this.fencingToken = fencingToken;
    this.lease = lease;
    this.queue = queue;
  }

  /** The election's name. */
  public String name() {
    return name;
  }

  /** The key holding the leader's value. */
  public Bytes key() {
    return key;
  }

  /** The leader key's create revision: larger for every later leader of this election. */
  public long fencingToken() {
    return fencingToken;
  }

  /** A transaction compare that holds exactly while this leadership is current. */
  public Cmp isHeld() {
    return Cmp.createRevision(key).equal(fencingToken);
  }

  /**
   * Publishes a new value as the leader's, without giving up leadership.
   *
   * @return false if leadership was already lost (nothing written)
   */
  public CompletableFuture<Boolean> proclaimAsync(Bytes value) {
    return queue.update(key, fencingToken, value, lease).thenApply(r -> r.isPresent());
  }

  /** {@link #proclaimAsync(Bytes)}, waiting. */
  public boolean proclaim(Bytes value) {
    return Await.await(proclaimAsync(value));
  }

  /** Gives up leadership: the next candidate in line wins. False if it was already lost. */
  public CompletableFuture<Boolean> resignAsync() {
    return queue.dequeue(key, fencingToken);
  }

  /** {@link #resignAsync()}, waiting. */
  public boolean resign() {
    return Await.await(resignAsync());
  }

  /** {@link #resign()}. */
  @Override
  public void close() {
    resign();
  }

  @Override
  public String toString() {
    return "Leadership[" + key + " @" + fencingToken + "]";
  }
}
