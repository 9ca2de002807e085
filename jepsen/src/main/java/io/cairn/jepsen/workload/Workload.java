package io.cairn.jepsen.workload;

import io.cairn.client.CairnClient;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.client.Recorder;
import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** What workers do, and how their history is judged. Implementations are thread-safe. */
public interface Workload {
  String name();

  /** Prepares initial data before workers start (e.g. bank accounts). */
  default void setUp(CairnClient client) {}

  /** The next request of worker {@code worker}. */
  Request next(Random random, int worker);

  /**
   * Sends {@code request}.
   *
   * @throws io.cairn.client.CairnException when the cluster did not answer definitely; the worker
   *     maps it to fail or info
   */
  Outcome apply(ClusterClients clients, int worker, Request request);

  /** Requests run once after the healed final phase (e.g. the set's final read). */
  default List<Request> finalRequests() {
    return List.of();
  }

  /**
   * Starts observers that run beside the workers (the watch workload's watchers), taking process
   * numbers from {@code processes} and recording into {@code recorder}.
   */
  default void startObservers(List<String> endpoints, Recorder recorder, AtomicInteger processes) {}

  /** After the final requests: lets the observers catch up (bounded), records what they saw. */
  default void stopObservers(Recorder recorder) throws InterruptedException {}

  /** Releases whatever the observers hold; called after every run, also a failed one. */
  default void close() {}

  /** Judges a complete history (nemesis events included; ignore them). */
  List<CheckReport> check(List<Op> history, Duration timeout);

  /** The workload names {@link #byName} knows. */
  List<String> NAMES = List.of("register", "set", "bank", "watch", "append");

  /**
   * The workload of that name: {@code register}, {@code set}, {@code bank}, {@code watch} or {@code
   * append}.
   */
  static Workload byName(String name, int concurrency, int opsPerKey) {
    return switch (name) {
      case "register" -> new RegisterWorkload(Math.max(1, (concurrency + 3) / 4), opsPerKey);
      case "set" -> new SetWorkload();
      case "bank" -> new BankWorkload(5, 100);
      case "watch" -> new WatchWorkload(4);
      case "append" -> new AppendWorkload(Math.max(1, (concurrency + 3) / 4));
      default ->
          throw new IllegalArgumentException(
              "unknown workload " + name + " (" + String.join(", ", NAMES) + ")");
    };
  }
}
