package io.cairn.client.internal;

import io.cairn.api.v1.WriteSession;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The client's write session: a random id and a sequence number per write, so the cluster applies
 * each write once however often it is retried. Tracks which seqs are still awaited, which tells the
 * cluster what answers it may forget. Thread-safe.
 */
public final class Session {
  private final long id;
  private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
  private long next = 1;

  public Session() {
    this(randomId());
  }

  public Session(long id) {
    if (id == 0) {
      throw new IllegalArgumentException("session id 0 means no session");
    }
    this.id = id;
  }

  private static long randomId() {
    SecureRandom random = new SecureRandom();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  public long id() {
    return id;
  }

  /** Starts a write: its seq, awaited until {@link #end(long)}. */
  public long begin() {
    // Allocate and register together: a smaller seq must never be missing from inFlight while a
    // larger one is sent, or the cluster could forget (or refuse) the smaller one.
    synchronized (this) {
      long seq = next++;
      inFlight.add(seq);
      return seq;
    }
  }

  /** The session to send with an attempt of write {@code seq}; built per attempt. */
  public WriteSession forAttempt(long seq) {
    Long first = inFlight.ceiling(0L);
    long firstIncomplete = first == null ? seq : Math.min(first, seq);
    return WriteSession.newBuilder()
        .setId(id)
        .setSeq(seq)
        .setFirstIncompleteSeq(firstIncomplete)
        .build();
  }

  /** The write {@code seq} is answered or abandoned: the cluster may forget its answer. */
  public void end(long seq) {
    inFlight.remove(seq);
  }
}
