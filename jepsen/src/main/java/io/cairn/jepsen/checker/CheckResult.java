package io.cairn.jepsen.checker;

import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The result of one check.
 *
 * @param verdict overall verdict: NOT_LINEARIZABLE if any key is, else UNKNOWN if any key is
 * @param reason a one-line explanation (null when linearizable)
 * @param counterexample for NOT_LINEARIZABLE, the invoke and completion events of the smallest
 *     window of operations that cannot be linearized, in history order; empty otherwise
 * @param perKey verdict per partition key ("" for ops without a key)
 * @param opsChecked number of operations (invoke + completion pairs) given to the search
 * @param elapsed wall time of the check
 */
public record CheckResult(
    Verdict verdict,
    String reason,
    List<Op> counterexample,
    Map<String, Verdict> perKey,
    long opsChecked,
    Duration elapsed) {

  public CheckResult {
    counterexample = List.copyOf(counterexample);
    perKey = Map.copyOf(perKey);
  }
}
