package io.cairn.server.watch;

import io.cairn.api.v1.Event;
import io.cairn.api.v1.WatchResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** Collects what a Watch stream delivers (for ITs over raw gRPC stubs). */
public final class WatchRecorder implements StreamObserver<WatchResponse> {
  private final List<WatchResponse> responses = new ArrayList<>();
  private Throwable error;
  private boolean completed;

  public synchronized List<WatchResponse> responses() {
    return List.copyOf(responses);
  }

  /** Every event received, in order. */
  public synchronized List<Event> events() {
    return responses.stream().flatMap(r -> r.getEventsList().stream()).toList();
  }

  /** The mod revision of every event received, in order. */
  public List<Long> revisions() {
    return events().stream().map(e -> e.getKv().getModRevision()).toList();
  }

  public synchronized Throwable error() {
    return error;
  }

  public synchronized boolean ended() {
    return error != null || completed;
  }

  @Override
  public synchronized void onNext(WatchResponse r) {
    responses.add(r);
  }

  @Override
  public synchronized void onError(Throwable t) {
    error = t;
  }

  @Override
  public synchronized void onCompleted() {
    completed = true;
  }
}
