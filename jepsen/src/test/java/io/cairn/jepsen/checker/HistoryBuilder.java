package io.cairn.jepsen.checker;

import io.cairn.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds histories by hand: each event gets the next index and time. */
final class HistoryBuilder {
  private final List<Op> ops = new ArrayList<>();
  private final Map<Integer, Op> open = new HashMap<>();

  HistoryBuilder invoke(int p, String f, String key, Object value) {
    Op op = Op.invoke(ops.size(), p, f, key, value).withIndex(ops.size());
    open.put(p, op);
    ops.add(op);
    return this;
  }

  HistoryBuilder invoke(int p, String f, Object value) {
    return invoke(p, f, null, value);
  }

  HistoryBuilder ok(int p, Object value) {
    return complete(p, Op.Type.OK, value, null);
  }

  HistoryBuilder ok(int p) {
    return complete(p, Op.Type.OK, open.get(p).value(), null);
  }

  HistoryBuilder fail(int p, String error) {
    return complete(p, Op.Type.FAIL, open.get(p).value(), error);
  }

  HistoryBuilder info(int p) {
    return complete(p, Op.Type.INFO, open.get(p).value(), "timeout");
  }

  private HistoryBuilder complete(int p, Op.Type type, Object value, String error) {
    Op inv = open.remove(p);
    ops.add(inv.completion(type, value, error, ops.size(), null, null).withIndex(ops.size()));
    return this;
  }

  List<Op> build() {
    return List.copyOf(ops);
  }
}
