package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on client futures in tests, with a bound so a bug cannot hang the build. */
final class Futures {
  private Futures() {}

  static <T> T value(CompletableFuture<T> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  /** The exception {@code future} failed with (unwrapped). */
  static Throwable failure(CompletableFuture<?> future)
      throws InterruptedException, TimeoutException {
    try {
      Object value = future.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isNotNull();
      return e.getCause();
    }
  }
}
