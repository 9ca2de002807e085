package io.cairn.server.watch;

import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** cairn.v1.Watch: every stream and its requests go to the member's {@link WatchHub}. */
public final class WatchService extends WatchGrpc.WatchImplBase {
  private final WatchHub hub;

  public WatchService(WatchHub hub) {
    this.hub = hub;
  }

  @Override
  public StreamObserver<WatchRequest> watch(StreamObserver<WatchResponse> response) {
    WatchStream stream = hub.open((ServerCallStreamObserver<WatchResponse>) response);
    return new StreamObserver<>() {
      @Override
      public void onNext(WatchRequest request) {
        hub.request(stream, request);
      }

      @Override
      public void onError(Throwable t) {
        hub.closed(stream, false);
      }

      @Override
      public void onCompleted() {
        hub.closed(stream, true);
      }
    };
  }
}
