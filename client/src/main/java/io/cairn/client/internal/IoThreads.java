package io.cairn.client.internal;

import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The client's futures complete on its gRPC I/O threads (no hand-off to a callback pool: that hop
 * cost a tenth of write throughput). Waiting on one of those threads for another call would wait
 * for the very thread that has to deliver the answer, so the blocking facets refuse instead.
 */
public final class IoThreads {
  private IoThreads() {}

  /**
   * @throws IllegalStateException if the caller is a gRPC I/O thread and {@code done} is false
   */
  public static void checkMayBlock(boolean done) {
    if (!done && Thread.currentThread() instanceof FastThreadLocalThread) {
      throw new IllegalStateException(
          "blocking Cairn call on a gRPC I/O thread ("
              + Thread.currentThread().getName()
              + "): it would wait for itself; continue with thenApplyAsync/thenComposeAsync on"
              + " your own executor instead");
    }
  }
}
