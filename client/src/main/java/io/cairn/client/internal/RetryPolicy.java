package io.cairn.client.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * When to try again: exponential backoff with jitter between attempts, and how long one attempt may
 * take out of what remains of the call's deadline.
 */
public final class RetryPolicy {
  /** Immediate redirects in a row before the loop backs off (members may disagree briefly). */
  public static final int MAX_REDIRECTS_IN_A_ROW = 4;

  /**
   * A retry starts only with at least this much of the call's time left: one that the deadline cuts
   * off after its request went out turns a write's known failure into an indeterminate one.
   */
  public static final long MIN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final long baseNanos;
  private final long maxNanos;
  private final long attemptNanos;

  /**
   * @param base the first backoff
   * @param max the largest backoff
   * @param attempt the longest a single attempt may take, so that a member that swallows requests
   *     cannot use up the whole call
   */
  public RetryPolicy(Duration base, Duration max, Duration attempt) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
    this.attemptNanos = attempt.toNanos();
  }

  /** 50 ms doubling to 1 s; an attempt gets a third of the call timeout, at least 1 s. */
  public static RetryPolicy forCallTimeout(Duration callTimeout) {
    Duration third = callTimeout.dividedBy(3);
    Duration second = Duration.ofSeconds(1);
    return new RetryPolicy(
        Duration.ofMillis(50), second, third.compareTo(second) < 0 ? second : third);
  }

  /**
   * The pause before backoff number {@code n} (1, 2, ...): the exponential step, then a random
   * point in its upper half so that clients that failed together do not retry together.
   */
  public long backoffNanos(int n) {
    long step = baseNanos << Math.min(Math.max(n - 1, 0), 20);
    long capped = Math.min(Math.max(step, baseNanos), maxNanos);
    long half = capped / 2;
    return half + ThreadLocalRandom.current().nextLong(half + 1);
  }

  /** The deadline for the next attempt, given what remains of the call's. */
  public long attemptNanos(long remainingNanos) {
    return Math.min(remainingNanos, attemptNanos);
  }
}
