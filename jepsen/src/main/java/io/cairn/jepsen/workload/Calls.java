package io.cairn.jepsen.workload;

import io.cairn.jepsen.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Client operations of a history paired up: each invocation with its process's next completion. */
final class Calls {
  private Calls() {}

  /**
   * One operation.
   *
   * @param invoke the invocation
   * @param done its completion, or null when it never completed
   */
  record Call(Op invoke, Op done) {
    boolean ok() {
      return done != null && done.type() == Op.Type.OK;
    }

    boolean failed() {
      return done != null && done.type() == Op.Type.FAIL;
    }

    /** The history index of the completion, or {@link Integer#MAX_VALUE} when there is none. */
    int doneIndex() {
      return done == null ? Integer.MAX_VALUE : done.index();
    }
  }

  /** Every client call, in invocation order; nemesis events and stray completions are skipped. */
  static List<Call> of(List<Op> history) {
    List<Call> calls = new ArrayList<>();
    Map<Object, Integer> open = new HashMap<>();
    for (Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      if (op.isInvoke()) {
        open.put(op.process(), calls.size());
        calls.add(new Call(op, null));
      } else {
        Integer i = open.remove(op.process());
        if (i != null) {
          calls.set(i, new Call(calls.get(i).invoke(), op));
        }
      }
    }
    return calls;
  }

  static long asLong(Object o) {
    return ((Number) o).longValue();
  }
}
