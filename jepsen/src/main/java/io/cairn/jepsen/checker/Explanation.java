package io.cairn.jepsen.checker;

import io.cairn.jepsen.model.Operation;
import java.util.List;

/**
 * Why one key is not linearizable: the window of operations around the point where the longest
 * partial linearization got stuck.
 *
 * @param key the partition key ("" when unpartitioned)
 * @param window the operations of the window, in invocation order
 * @param stuck the operation that returned but could not be linearized at that point
 * @param linearized the operations of the window that the longest partial linearization placed, in
 *     linearization order
 * @param statesAfter the model state after each of {@code linearized}
 * @param stateBefore the state before the first of {@code linearized}
 * @param stuckState the state in which no pending operation could take effect
 * @param olderIndefinite indefinite operations invoked before the window and left out of it
 */
public record Explanation(
    String key,
    List<Operation> window,
    Operation stuck,
    List<Operation> linearized,
    List<String> statesAfter,
    String stateBefore,
    String stuckState,
    int olderIndefinite) {

  /** A few lines for a terminal. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    String where = key.isEmpty() ? "" : "key " + key + ": ";
    sb.append("  ").append(where).append("no linearization explains op ");
    sb.append(stuck.invoke().index()).append(" (").append(abbreviate(stuck.describe()));
    sb.append(")\n");
    sb.append("  state before window: ").append(abbreviate(stateBefore)).append('\n');
    for (int i = 0; i < linearized.size(); i++) {
      sb.append("  linearized: ").append(line(linearized.get(i)));
      sb.append("  -> ").append(abbreviate(statesAfter.get(i))).append('\n');
    }
    sb.append("  stuck in state ").append(abbreviate(stuckState)).append(" with pending:\n");
    for (Operation op : window) {
      if (!linearized.contains(op)) {
        sb.append("    ").append(line(op)).append(op == stuck ? "   <- cannot be placed" : "");
        sb.append('\n');
      }
    }
    if (olderIndefinite > 0) {
      sb.append("  (plus ")
          .append(olderIndefinite)
          .append(" older indefinite ops, also pending)\n");
    }
    return sb.toString();
  }

  private static String line(Operation op) {
    String end = op.completion() == null ? "?" : String.valueOf(op.completion().index());
    return "[" + op.invoke().index() + ".." + end + "] " + abbreviate(op.describe());
  }

  /** Long values (kv strings) keep their ends: what differs between two states is at the end. */
  public static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 12) + "..." + s.substring(s.length() - 40);
  }
}
