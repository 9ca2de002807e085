package io.cairn.jepsen.history;

import java.util.Objects;

/**
 * One event of a history: an invocation or a completion, shaped like a Jepsen op map (see
 * docs/history-format.md). Immutable; {@code index} is assigned by the {@link HistoryWriter}.
 *
 * @param index dense 0-based position in the history (-1 until written)
 * @param time nanoseconds since the test started
 * @param type invoke, ok, fail or info
 * @param process an {@link Integer} client id, or the string {@code "nemesis"}
 * @param f the operation name: read, write, cas, ...
 * @param key the independent key, or null for single-object histories
 * @param value JSON-mappable payload: null, Long, String, List (cas: [expected, new]), Map
 * @param error machine-readable cause of a fail/info, or null
 * @param node the node the request went to, or null
 * @param revision the revision from the response header, or null
 */
public record Op(
    int index,
    long time,
    Type type,
    Object process,
    String f,
    String key,
    Object value,
    String error,
    String node,
    Long revision) {

  /** The process name of fault-injection events. */
  public static final String NEMESIS = "nemesis";

  /** Kind of event. */
  public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO;

    /** The lower-case name used in JSON and EDN. */
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code invoke|ok|fail|info} (case-insensitive, optional leading colon). */
    public static Type fromWire(String s) {
      String t = s.startsWith(":") ? s.substring(1) : s;
      return valueOf(t.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Op {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(f, "f");
    if (!(process instanceof Integer) && !NEMESIS.equals(process)) {
      throw new IllegalArgumentException("process must be an Integer or \"nemesis\": " + process);
    }
  }

  /** An invocation with no index yet. */
  public static Op invoke(long time, Object process, String f, String key, Object value) {
    return new Op(-1, time, Type.INVOKE, process, f, key, value, null, null, null);
  }

  /** An invocation sent to {@code node}, with no index yet. */
  public static Op invoke(
      long time, Object process, String f, String key, Object value, String node) {
    return new Op(-1, time, Type.INVOKE, process, f, key, value, null, node, null);
  }

  /** A nemesis event (always {@code info}, process "nemesis"). */
  public static Op nemesis(long time, String f, Object value) {
    return new Op(-1, time, Type.INFO, NEMESIS, f, null, value, null, null, null);
  }

  /** The completion of this invocation: same process, f and key. */
  public Op completion(
      Type type, Object value, String error, long time, String node, Long revision) {
    return new Op(-1, time, type, process, f, key, value, error, node, revision);
  }

  /** This op with its position in the history. */
  public Op withIndex(int index) {
    return new Op(index, time, type, process, f, key, value, error, node, revision);
  }

  /** This op with another value. */
  public Op withValue(Object value) {
    return new Op(index, time, type, process, f, key, value, error, node, revision);
  }

  public boolean isInvoke() {
    return type == Type.INVOKE;
  }

  public boolean isNemesis() {
    return NEMESIS.equals(process);
  }
}
