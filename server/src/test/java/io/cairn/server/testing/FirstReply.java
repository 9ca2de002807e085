package io.cairn.server.testing;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** A response observer whose future completes with the first reply, or with the call's error. */
public final class FirstReply<T> implements StreamObserver<T> {
  private final CompletableFuture<T> reply = new CompletableFuture<>();

  public CompletableFuture<T> future() {
    return reply;
  }

  @Override
  public void onNext(T value) {
    reply.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    reply.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    reply.completeExceptionally(new IllegalStateException("ended without reply"));
  }
}
