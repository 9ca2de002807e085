package io.cairn.client;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@link CairnClient#watchPublisher}: starts the watch when its one subscriber subscribes; the
 * subscriber's demand paces the stream (nothing is requested from the member without it).
 */
final class WatchPublisher implements Flow.Publisher<WatchBatch> {
  private final Function<GrpcWatcher.Sink, GrpcWatcher> watches;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  WatchPublisher(Function<GrpcWatcher.Sink, GrpcWatcher> watches) {
    this.watches = watches;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super WatchBatch> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(new IllegalStateException("a watch publisher takes one subscriber"));
      return;
    }
    GrpcWatcher watch =
        watches.apply(
            new GrpcWatcher.Sink() {
              @Override
              public void onBatch(WatchBatch batch) {
                subscriber.onNext(batch);
              }

              @Override
              public void onProgress(long revision) {}

              @Override
              public void onError(CairnException e) {
                subscriber.onError(e);
              }
            });
    subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              watch.fail(
                  new CairnRejectedException(
                      "INVALID_REQUEST", "request(n) needs n > 0, got " + n, null));
            } else {
              watch.request(n);
            }
          }

          @Override
          public void cancel() {
            watch.close();
          }
        });
    watch.start();
  }
}
