package io.cairn.client;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watch read by pulling ({@link BlockingCairnClient#watch}): an iterator of batches that waits
 * for the next one. Holds at most {@value #WINDOW} batches ahead of the reader. Close it when done.
 * For one reading thread.
 */
public final class BlockingWatch implements Iterator<WatchBatch>, AutoCloseable {
  static final int WINDOW = 16;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private Object head;
  private int consumed;
  private boolean ended;

  BlockingWatch(Flow.Publisher<WatchBatch> publisher) {
    publisher.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(WINDOW);
          }

          @Override
          public void onNext(WatchBatch item) {
            queue.add(item);
          }

          @Override
          public void onError(Throwable t) {
            queue.add(t);
          }

          @Override
          public void onComplete() {
            queue.add(End.END);
          }
        });
  }

  private enum End {
    END
  }

  /**
   * Waits for the next batch.
   *
   * @return false once the watch ended normally (closed)
   * @throws CairnException the error that ended the watch (e.g. {@link CairnCompactedException})
   */
  @Override
  public boolean hasNext() {
    return peek(null).isPresent();
  }

  @Override
  public WatchBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the watch ended");
    }
    return take();
  }

  /** The next batch if one arrives within {@code timeout}; empty on timeout or end. */
  public Optional<WatchBatch> poll(Duration timeout) {
    return peek(timeout).isPresent() ? Optional.of(take()) : Optional.empty();
  }

  private WatchBatch take() {
    WatchBatch batch = (WatchBatch) head;
    head = null;
    if (++consumed >= WINDOW / 2) {
      subscription.request(consumed);
      consumed = 0;
    }
    return batch;
  }

  private Optional<WatchBatch> peek(Duration timeout) {
    if (head == null && !ended) {
      try {
        head = timeout == null ? queue.take() : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CairnUnavailableException("INTERRUPTED", "interrupted while watching", e);
      }
    }
    if (head instanceof WatchBatch b) {
      return Optional.of(b);
    }
    if (head instanceof CairnException e) {
      ended = true;
      head = null;
      throw e;
    }
    if (head instanceof Throwable t) {
      ended = true;
      head = null;
      throw new CairnUnavailableException("INTERNAL", "the watch failed: " + t, t);
    }
    if (head == End.END) {
      ended = true;
      head = null;
    }
    return Optional.empty();
  }

  /** Cancels the watch. */
  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    ended = true;
  }
}
