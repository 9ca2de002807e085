package io.cairn.server.watch;

import io.cairn.api.v1.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;

/** A response stream that records what it was sent; its readiness is switched by the test. */
final class FakeCall extends ServerCallStreamObserver<WatchResponse> {
  private final List<WatchResponse> sent = new ArrayList<>();
  private volatile boolean ready = true;
  private Runnable onReady = () -> {};
  private Throwable error;
  private boolean completed;

  synchronized List<WatchResponse> sent() {
    return List.copyOf(sent);
  }

  synchronized Throwable error() {
    return error;
  }

  synchronized boolean completed() {
    return completed;
  }

  void setReady(boolean ready) {
    this.ready = ready;
    if (ready) {
      onReady.run();
    }
  }

  @Override
  public boolean isReady() {
    return ready;
  }

  @Override
  public void setOnReadyHandler(Runnable r) {
    onReady = r;
  }

  @Override
  public synchronized void onNext(WatchResponse value) {
    sent.add(value);
  }

  @Override
  public synchronized void onError(Throwable t) {
    error = t;
  }

  @Override
  public synchronized void onCompleted() {
    completed = true;
  }

  @Override
  public boolean isCancelled() {
    return false;
  }

  @Override
  public void setOnCancelHandler(Runnable r) {}

  @Override
  public void setCompression(String compression) {}

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void request(int count) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
