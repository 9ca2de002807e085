package io.cairn.jepsen.workload;

/**
 * How a request ended when the cluster answered: {@code ok} with a value, or a definite failure
 * (e.g. a compare that failed). Indefinite outcomes are exceptions, mapped by the worker.
 */
public record Outcome(boolean ok, Object value, String error, String node, Long revision) {
  public static Outcome ok(Object value, String node, long revision) {
    return new Outcome(true, value, null, node, revision);
  }

  public static Outcome fail(Object value, String error, String node, Long revision) {
    return new Outcome(false, value, error, node, revision);
  }
}
