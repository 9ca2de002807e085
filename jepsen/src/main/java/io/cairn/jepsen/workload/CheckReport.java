package io.cairn.jepsen.workload;

import io.cairn.jepsen.history.Op;
import java.util.List;
import java.util.Map;

/**
 * One checker's result.
 *
 * @param checker its name in results.json
 * @param valid the verdict
 * @param summary one line for people
 * @param details JSON-mappable specifics (counts, lost elements, bad keys)
 * @param counterexample the ops that show a violation (empty when valid)
 */
public record CheckReport(
    String checker,
    Validity valid,
    String summary,
    Map<String, Object> details,
    List<Op> counterexample) {}
