package io.cairn.jepsen.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Spaces operations of all workers together to a target rate (no bursts after idle time). */
public final class Pacer {
  private final long intervalNanos;
  private final AtomicLong next = new AtomicLong(System.nanoTime());

  public Pacer(double perSecond) {
    this.intervalNanos = (long) (1_000_000_000L / perSecond);
  }

  /** Waits for this caller's slot. */
  public void acquire() {
    long now = System.nanoTime();
    long slot = next.getAndUpdate(n -> Math.max(n, now) + intervalNanos);
    long wait = slot - now;
    if (wait > 0) {
      LockSupport.parkNanos(wait);
    }
  }
}
