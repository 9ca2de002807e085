package io.cairn.client.concurrency;

import io.cairn.client.CairnException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnUnavailableException;
import io.cairn.client.internal.IoThreads;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The blocking facets: wait for a future, rethrowing its {@link CairnException} unwrapped. */
final class Await {
  private Await() {}

  static <T> T await(CompletableFuture<T> future) {
    return await(future, null);
  }

  /** Waits at most {@code timeout} (null: for ever); on timeout cancels {@code future}. */
  static <T> T await(CompletableFuture<T> future, Duration timeout) {
    IoThreads.checkMayBlock(future.isDone());
    try {
      return timeout == null ? future.get() : future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CairnIndeterminateException("INTERRUPTED", "interrupted while waiting", e);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new CairnUnavailableException("TIMEOUT", "gave up waiting after " + timeout, e);
    } catch (CancellationException e) {
      throw new CairnUnavailableException("CANCELLED", "canceled", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException re) {
      return re;
    }
    return new CairnIndeterminateException("INTERNAL", "unexpected failure: " + t, t);
  }
}
