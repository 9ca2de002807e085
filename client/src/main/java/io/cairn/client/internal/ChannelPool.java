package io.cairn.client.internal;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** One gRPC channel per endpoint, created on first use, all shut down by {@link #close()}. */
public final class ChannelPool implements AutoCloseable {
  private final Function<String, ManagedChannel> factory;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public ChannelPool(Function<String, ManagedChannel> factory) {
    this.factory = factory;
  }

  /**
   * The channel to {@code endpoint}. A channel that failed to connect waits out gRPC's own
   * reconnect backoff (up to minutes); the retry loop paces attempts itself, so reset it.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public ManagedChannel get(String endpoint) {
    if (closed) {
      throw new IllegalStateException("client closed");
    }
    ManagedChannel channel = channels.computeIfAbsent(endpoint, factory);
    if (closed) {
      channel.shutdownNow(); // lost a race with close(), which may not have seen it
      throw new IllegalStateException("client closed");
    }
    if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
      channel.resetConnectBackoff();
    }
    return channel;
  }

  @Override
  public void close() {
    closed = true;
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel channel : channels.values()) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
