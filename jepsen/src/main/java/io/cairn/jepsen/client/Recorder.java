package io.cairn.jepsen.client;

import io.cairn.jepsen.history.HistoryWriter;
import io.cairn.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends ops to the history file and keeps them in memory. The time of each op is taken under the
 * same lock that assigns its index, so index order and time order agree.
 */
public final class Recorder {
  private final HistoryWriter writer;
  private final long start;
  private final List<Op> ops = new ArrayList<>();

  public Recorder(HistoryWriter writer, long startNanos) {
    this.writer = writer;
    this.start = startNanos;
  }

  /** Nanoseconds since the test started. */
  public long now() {
    return System.nanoTime() - start;
  }

  public synchronized Op invoke(int process, String f, String key, Object value) {
    return append(Op.invoke(now(), process, f, key, value));
  }

  public synchronized Op complete(
      Op invoke, Op.Type type, Object value, String error, String node, Long revision) {
    return append(invoke.completion(type, value, error, now(), node, revision));
  }

  /** A fault-injection event ({@code process "nemesis"}, type info). */
  public synchronized Op nemesis(String f, Object value) {
    return append(Op.nemesis(now(), f, value));
  }

  private Op append(Op op) {
    Op indexed = writer.append(op);
    ops.add(indexed);
    return indexed;
  }

  /** A copy of everything recorded so far. */
  public synchronized List<Op> history() {
    return List.copyOf(ops);
  }
}
