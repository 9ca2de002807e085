package io.cairn.jepsen.model;

import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Knossos's multi-register: named registers, every one initially 0, changed by {@code txn} ops
 * whose value is a list of micro-ops {@code [read k v]} / {@code [write k v]} applied in order. A
 * read of null is a wildcard. Txns span keys, so the history is checked as one partition.
 */
public final class MultiRegisterModel extends InterningModel<TreeMap<String, Object>> {
  private static final Long ZERO = 0L;

  @Override
  public String name() {
    return "multi-register";
  }

  @Override
  public boolean partitionedByKey() {
    return false;
  }

  @Override
  public boolean relevant(Operation op) {
    return !(op.indefinite() && micro(op).stream().allMatch(m -> m.get(0).equals("read")));
  }

  @Override
  protected TreeMap<String, Object> initial() {
    return new TreeMap<>();
  }

  @Override
  protected void validate(Operation op) {
    if (!op.f().equals("txn")) {
      throw new IllegalArgumentException(
          "op " + op.invoke().index() + ": model multi-register has no operation " + op.f());
    }
    for (List<?> m : micro(op)) {
      if (m.size() != 3 || !(m.get(0).equals("read") || m.get(0).equals("write"))) {
        throw new IllegalArgumentException(
            "op " + op.invoke().index() + ": bad micro-op " + m + " (want [read|write k v])");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<List<?>> micro(Operation op) {
    if (op.value() instanceof List<?> l && l.stream().allMatch(m -> m instanceof List<?>)) {
      return (List<List<?>>) l;
    }
    throw new IllegalArgumentException(
        "op " + op.invoke().index() + ": txn value must be a list of micro-ops: " + op.value());
  }

  @Override
  protected Object apply(TreeMap<String, Object> state, Operation op) {
    TreeMap<String, Object> next = new TreeMap<>(state);
    for (List<?> m : micro(op)) {
      String k = String.valueOf(m.get(1));
      Object v = Values.norm(m.get(2));
      if (m.get(0).equals("write")) {
        next.put(k, v);
      } else if (!op.indefinite() && v != null && !Objects.equals(next.getOrDefault(k, ZERO), v)) {
        return illegal();
      }
    }
    return next;
  }
}
