package io.cairn.client;

import io.cairn.client.internal.ChannelPool;
import io.cairn.client.internal.LeaderTracker;
import io.cairn.client.internal.RetryPolicy;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What the long-lived streams (watches, keep-alives) share with their client.
 *
 * @param id the client's id for log lines
 * @param callbacks runs stream callbacks and user listeners (each stream serializes its own)
 * @param closed whether the client closed
 * @param live the streams still running, so that close() can end them
 */
record StreamContext(
    String id,
    ChannelPool channels,
    LeaderTracker leader,
    RetryPolicy policy,
    ScheduledExecutorService scheduler,
    Executor callbacks,
    BooleanSupplier closed,
    java.util.Set<AutoCloseable> live) {

  void forget(AutoCloseable stream) {
    live.remove(stream);
  }
}
