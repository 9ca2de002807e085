package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.client.concurrency.CairnSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting helpers for {@code lock} and {@code elect}: everything ends early on Ctrl-C. */
final class Holding {
  private Holding() {}

  /**
   * Waits for {@code step}; Ctrl-C (an interrupt) cancels it and fails with exit 7, nothing held.
   */
  static <T> T await(CompletableFuture<T> step, String what) {
    try {
      return step.get();
    } catch (InterruptedException e) {
      step.cancel(false);
      throw new CliException(ExitCode.FAILED, "interrupted while waiting to " + what);
    } catch (ExecutionException e) {
      throw asRuntime(e.getCause());
    }
  }

  /**
   * Holds until Ctrl-C (returns normally) or until the session is lost (fails with exit 3: the
   * cluster stopped hearing from this process for longer than the session TTL).
   */
  static void untilInterrupted(CairnSession session, String what) {
    try {
      session.done().get();
    } catch (InterruptedException e) {
      return;
    } catch (ExecutionException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE, "lost " + what + ": " + Errors.message(e.getCause()), e);
    }
    throw new CliException(ExitCode.UNAVAILABLE, "lost " + what + ": the session ended");
  }

  static RuntimeException asRuntime(Throwable t) {
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof RuntimeException r ? r : new CliException(ExitCode.FAILED, t.toString(), t);
  }
}
