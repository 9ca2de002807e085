package io.cairn.jepsen.workload;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.PutResult;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.client.Recorder;
import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writers put unique values to a few keys under {@code watch/}; one watcher per node watches the
 * prefix from revision 1 (its client starts at that node and resumes anywhere). After the final
 * heal a marker write fixes revision R; every watcher must then deliver through R, and {@link
 * WatchChecker} compares what they saw. Each watcher is one {@code watch} op in the history:
 * invoked when it starts, completed at the end with every event it delivered as {@code [revision,
 * key, value, type, version]}.
 */
public final class WatchWorkload implements Workload {
  private static final Logger LOG = LoggerFactory.getLogger(WatchWorkload.class);
  static final String PREFIX = "watch/";
  static final String MARKER = "marker";
  private static final Duration CATCH_UP = Duration.ofSeconds(30);

  private final int keys;
  private final AtomicLong values = new AtomicLong();
  private final AtomicLong markerRevision = new AtomicLong();
  private final List<Observer> observers = new CopyOnWriteArrayList<>();

  public WatchWorkload(int keys) {
    this.keys = keys;
  }

  @Override
  public String name() {
    return "watch";
  }

  @Override
  public Request next(Random random, int worker) {
    return new Request("write", "k" + random.nextInt(keys), values.incrementAndGet());
  }

  @Override
  public Outcome apply(ClusterClients clients, int worker, Request r) {
    long v = Calls.asLong(r.value());
    PutResult p =
        clients.writer().blocking().put(Bytes.utf8(PREFIX + r.key()), Bytes.utf8(Long.toString(v)));
    long revision = p.header().revision();
    if (r.f().equals(MARKER)) {
      markerRevision.set(revision);
    }
    return Outcome.ok(v, p.header().memberId(), revision);
  }

  @Override
  public List<Request> finalRequests() {
    return List.of(new Request(MARKER, MARKER, values.incrementAndGet()));
  }

  @Override
  public void startObservers(List<String> endpoints, Recorder recorder, AtomicInteger processes) {
    for (int i = 0; i < endpoints.size(); i++) {
      List<String> order = new ArrayList<>();
      for (int j = 0; j < endpoints.size(); j++) {
        order.add(endpoints.get((i + j) % endpoints.size()));
      }
      observers.add(new Observer("n" + (i + 1), order, recorder, processes.getAndIncrement()));
    }
  }

  @Override
  public void stopObservers(Recorder recorder) throws InterruptedException {
    long r = markerRevision.get();
    long deadline = System.nanoTime() + (r == 0 ? Duration.ofSeconds(5) : CATCH_UP).toNanos();
    while (System.nanoTime() < deadline
        && observers.stream().anyMatch(o -> o.error == null && (r == 0 || o.through() < r))) {
      Thread.sleep(100);
    }
    for (Observer o : observers) {
      o.finish(recorder);
    }
  }

  @Override
  public void close() {
    observers.forEach(Observer::release);
  }

  @Override
  public List<CheckReport> check(List<Op> history, Duration timeout) {
    return List.of(WatchChecker.check(history));
  }

  /** One watcher with its own client, starting at its home node. */
  private static final class Observer implements WatchListener {
    private final String node;
    private final CairnClient client;
    private final Op invoke;
    private final List<List<Object>> events = new ArrayList<>();
    private final Watcher watcher;
    private volatile CairnException error;
    private volatile long through;
    private boolean finished;

    Observer(String node, List<String> endpoints, Recorder recorder, int process) {
      this.node = node;
      this.client = CairnClient.builder().endpoints(endpoints).build();
      this.invoke = recorder.invoke(process, "watch", null, 1L);
      this.watcher =
          client.watch(
              Bytes.utf8(PREFIX),
              WatchOptions.builder().prefix(true).startRevision(1).build(),
              this);
    }

    @Override
    public void onEvents(WatchBatch batch) {
      synchronized (this) {
        for (WatchEvent e : batch.events()) {
          String key = e.kv().key().toUtf8().substring(PREFIX.length());
          Object value = null;
          if (e.type() == WatchEvent.Type.PUT) {
            String s = e.kv().value().toUtf8();
            value = s.matches("-?\\d{1,18}") ? (Object) Long.parseLong(s) : s;
          }
          events.add(
              Arrays.asList(
                  e.revision(),
                  key,
                  value,
                  e.type() == WatchEvent.Type.PUT ? "put" : "delete",
                  e.kv().version()));
        }
      }
      through = Math.max(through, batch.revision());
    }

    @Override
    public void onError(CairnException e) {
      LOG.warn("watcher at {}: the watch ended: {}", node, e.toString());
      error = e;
    }

    long through() {
      return through;
    }

    /** Closes the watch and records its completion: ok, or info when it ended by an error. */
    synchronized void finish(Recorder recorder) {
      if (finished) {
        return;
      }
      finished = true;
      watcher.close();
      CairnException e = error;
      recorder.complete(
          invoke,
          e == null ? Op.Type.OK : Op.Type.INFO,
          new ArrayList<>(events),
          e == null ? null : "watch-ended: " + e.reason(),
          node,
          through);
    }

    void release() {
      watcher.close();
      client.close();
    }
  }
}
