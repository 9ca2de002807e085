package io.cairn.client.concurrency;

import io.cairn.client.Bytes;
import io.cairn.client.CairnException;
import io.cairn.client.KeyValue;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Leader election under one name, held with a {@link CairnSession}. Candidates line up as keys
 * {@code name/<lease hex>} ordered by create revision; the first is the leader and its key's value
 * is the leader's proclaimed value. A leader that loses its session loses leadership.
 */
public final class CairnElection {
  private final CairnSession session;
  private final String name;
  private final KeyQueue queue;
  private final AtomicReference<Leadership> current = new AtomicReference<>();

  public CairnElection(CairnSession session, String name) {
    this.session = session;
    this.name = name;
    this.queue = new KeyQueue(session.client(), Bytes.utf8(name + "/"));
  }

  public String name() {
    return name;
  }

  /**
   * Stands with {@code value} and completes once elected. Fails with {@link
   * io.cairn.client.CairnLeaseNotFoundException} if the session is lost meanwhile.
   */
  public CompletableFuture<Leadership> campaignAsync(Bytes value) {
    Bytes key = queue.keyFor(session.leaseId());
    long lease = session.leaseId();
    return queue
        .enqueue(key, value, lease)
        .thenCompose(
            mine ->
                mine.value().equals(value)
                    ? CompletableFuture.completedFuture(mine)
                    : queue.update(key, mine.createRevision(), value, lease).thenApply(r -> mine))
        .thenCompose(mine -> queue.awaitTurn(mine, w -> {}))
        .thenApply(
            mine -> {
              Leadership l = new Leadership(name, key, mine.createRevision(), lease, queue);
              current.set(l);
              return l;
            });
  }

  /** {@link #campaignAsync(Bytes)}, waiting until elected. */
  public Leadership campaign(Bytes value) {
    return Await.await(campaignAsync(value));
  }

  /** Publishes a new value as this candidate's, if it leads; false otherwise. */
  public boolean proclaim(Bytes value) {
    Leadership l = current.get();
    return l != null && l.proclaim(value);
  }

  /** Gives up the leadership this election object won, if any; false if none was held. */
  public boolean resign() {
    Leadership l = current.getAndSet(null);
    return l != null && l.resign();
  }

  /** The leader's key-value (its value is the proclaimed one), or empty with no candidate. */
  public CompletableFuture<Optional<KeyValue>> leaderAsync() {
    return queue.contenders().thenApply(KeyQueue::first);
  }

  /** {@link #leaderAsync()}, waiting. */
  public Optional<KeyValue> leader() {
    return Await.await(leaderAsync());
  }

  /**
   * Calls {@code listener} with the current leader, then with every change of leader or of its
   * value (empty while there is none), in order, until the returned watcher is closed.
   */
  public Watcher observe(Consumer<Optional<KeyValue>> listener) {
    Observer observer = new Observer(listener);
    queue
        .contenders()
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                observer.done.completeExceptionally(Await.unwrap(e));
                return;
              }
              r.kvs().forEach(kv -> observer.candidates.put(kv.key(), kv));
              observer.report();
              observer.start(r.header().revision());
            });
    return observer;
  }

  /** Follows the line of candidates from one consistent read on, reporting the first. */
  private final class Observer implements Watcher, WatchListener {
    final Consumer<Optional<KeyValue>> listener;
    final Map<Bytes, KeyValue> candidates = new HashMap<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile Watcher watch;
    volatile long revision;
    Optional<KeyValue> reported;

    Observer(Consumer<Optional<KeyValue>> listener) {
      this.listener = listener;
    }

    void start(long seen) {
      revision = seen;
      synchronized (this) {
        if (done.isDone()) {
          return;
        }
        watch =
            session
                .client()
                .watch(
                    prefix(),
                    WatchOptions.builder().prefix(true).startRevision(seen + 1).build(),
                    this);
      }
    }

    private Bytes prefix() {
      return Bytes.utf8(name + "/");
    }

    void report() {
      Optional<KeyValue> leader =
          candidates.values().stream()
              .min(java.util.Comparator.comparingLong(KeyValue::createRevision));
      if (!Objects.equals(leader, reported)) {
        reported = leader;
        listener.accept(leader);
      }
    }

    @Override
    public void onEvents(WatchBatch batch) {
      for (WatchEvent e : batch.events()) {
        if (e.type() == WatchEvent.Type.PUT) {
          candidates.put(e.kv().key(), e.kv());
        } else {
          candidates.remove(e.kv().key());
        }
      }
      revision = batch.revision();
      report();
    }

    @Override
    public void onError(CairnException e) {
      done.completeExceptionally(e);
    }

    @Override
    public long lastRevision() {
      return revision;
    }

    @Override
    public CompletableFuture<Void> done() {
      return done;
    }

    @Override
    public void close() {
      synchronized (this) {
        done.complete(null);
      }
      Watcher w = watch;
      if (w != null) {
        w.close();
      }
    }
  }
}
