package io.cairn.jepsen.checker;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.model.Model;
import io.cairn.jepsen.model.Operation;
import io.cairn.jepsen.model.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a history of events into operations per partition key: pairs each invocation with the next
 * completion of its process, drops what cannot matter and validates the history's shape.
 */
final class Pairing {
  /** Errors of a {@code fail}ed cas that mean "the compare failed", an observation. */
  static final Set<String> COMPARE_FAILED = Set.of("compare-failed", "cas-mismatch");

  private Pairing() {}

  /** A paired operation before it gets its id within a partition. */
  record Paired(Op invoke, Op completion, Outcome outcome, Object value) {}

  /**
   * Returns the operations per key, in invocation order, ids dense per key.
   *
   * @throws IllegalArgumentException for a malformed history (a harness bug)
   */
  static Map<String, List<Operation>> partition(List<Op> history, Model model) {
    Map<Object, Integer> open = new HashMap<>();
    List<Op> invokes = new ArrayList<>();
    List<Op> completions = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Op op = history.get(i);
      if (op.isNemesis()) {
        continue;
      }
      Integer pending = open.get(op.process());
      if (op.isInvoke()) {
        if (pending != null) {
          throw malformed(op, i, "process " + op.process() + " invoked while an op is pending");
        }
        open.put(op.process(), invokes.size());
        invokes.add(op);
        completions.add(null);
      } else {
        if (pending == null) {
          throw malformed(op, i, op.type().wire() + " without an invocation");
        }
        Op inv = invokes.get(pending);
        if (!inv.f().equals(op.f())) {
          throw malformed(op, i, "completes a " + inv.f() + " with f=" + op.f());
        }
        if (op.time() < inv.time()) {
          throw malformed(op, i, "completes before its invocation");
        }
        completions.set(pending, op);
        open.remove(op.process());
      }
    }
    Map<String, List<Operation>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < invokes.size(); i++) {
      Paired p = pair(invokes.get(i), completions.get(i));
      if (p == null) {
        continue;
      }
      String key = model.partitionedByKey() && p.invoke().key() != null ? p.invoke().key() : "";
      List<Operation> ops = byKey.computeIfAbsent(key, k -> new ArrayList<>());
      Operation op = new Operation(ops.size(), p.invoke(), p.completion(), p.outcome(), p.value());
      if (model.relevant(op)) {
        ops.add(op);
      }
    }
    return byKey;
  }

  private static Paired pair(Op inv, Op done) {
    if (done == null || done.type() == Op.Type.INFO) {
      return new Paired(inv, done, Outcome.UNKNOWN, inv.value());
    }
    Object value = done.value() != null || Model.isRead(inv.f()) ? done.value() : inv.value();
    if (done.type() == Op.Type.OK) {
      return new Paired(inv, done, Outcome.OK, value);
    }
    if (inv.f().equals("cas") && done.error() != null && COMPARE_FAILED.contains(done.error())) {
      return new Paired(inv, done, Outcome.FAILED, value);
    }
    return null; // a plain fail: did not happen
  }

  private static IllegalArgumentException malformed(Op op, int position, String what) {
    int idx = op.index() >= 0 ? op.index() : position;
    return new IllegalArgumentException("malformed history: op " + idx + ": " + what);
  }
}
