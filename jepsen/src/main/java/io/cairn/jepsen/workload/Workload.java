package io.cairn.jepsen.workload;

import io.cairn.client.CairnClient;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Random;

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

  /** Judges a complete history (nemesis events included; ignore them). */
  List<CheckReport> check(List<Op> history, Duration timeout);

  /** The workload of that name: {@code register}, {@code set} or {@code bank}. */
  static Workload byName(String name, int concurrency, int opsPerKey) {
    return switch (name) {
      case "register" -> new RegisterWorkload(Math.max(1, (concurrency + 3) / 4), opsPerKey);
      case "set" -> new SetWorkload();
      case "bank" -> new BankWorkload(5, 100);
      default ->
          throw new IllegalArgumentException("unknown workload " + name + " (register, set, bank)");
    };
  }
}
