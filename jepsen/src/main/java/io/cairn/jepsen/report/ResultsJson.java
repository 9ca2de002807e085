package io.cairn.jepsen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.nemesis.FaultWindow;
import io.cairn.jepsen.run.RunOptions;
import io.cairn.jepsen.workload.CheckReport;
import io.cairn.jepsen.workload.Validity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes results.json. */
public final class ResultsJson {
  private ResultsJson() {}

  public static void write(
      Path file,
      String runId,
      RunOptions o,
      String network,
      Map<String, Object> available,
      Validity valid,
      List<CheckReport> reports,
      List<FaultWindow> windows,
      List<Op> history,
      long endNanos)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("run_id", runId);
    root.put("valid", valid.json());
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("nodes", o.nodes());
    opts.put("time_s", o.time().toSeconds());
    opts.put("workload", o.workload());
    opts.put("nemesis", o.nemesis().stream().map(f -> f.wire()).toList());
    opts.put("partitions", o.partitions().stream().map(p -> p.wire()).toList());
    opts.put("concurrency", o.concurrency());
    opts.put("rate", o.rate());
    opts.put("seed", o.seed());
    opts.put("unsafe_serializable_reads", o.unsafeSerializableReads());
    opts.put("op_timeout_ms", o.opTimeout().toMillis());
    root.put("options", opts);
    root.put("network", network);
    root.put("faults_available", available);
    Map<String, Object> checkers = new LinkedHashMap<>();
    for (CheckReport r : reports) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("valid", r.valid().json());
      c.put("summary", r.summary());
      c.putAll(r.details());
      if (!r.counterexample().isEmpty()) {
        c.put("counterexample_indexes", r.counterexample().stream().map(Op::index).toList());
      }
      checkers.put(r.checker(), c);
    }
    root.put("checkers", checkers);
    root.put("counts", counts(history));
    List<Map<String, Object>> faults = new ArrayList<>();
    for (FaultWindow w : windows) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("fault", w.fault());
      if (w.shape() != null) {
        f.put("shape", w.shape());
        f.put("drops_from", w.dropsFrom());
      }
      f.put("nodes", w.nodes());
      f.put("start_s", w.start() / 1e9);
      f.put("end_s", w.end() / 1e9);
      faults.add(f);
    }
    root.put("faults", faults);
    root.put("duration_s", endNanos / 1e9);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  /** Completions by type, plus invocations that never completed. */
  static Map<String, Object> counts(List<Op> history) {
    long ok = 0;
    long fail = 0;
    long info = 0;
    long invokes = 0;
    for (Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      switch (op.type()) {
        case INVOKE -> invokes++;
        case OK -> ok++;
        case FAIL -> fail++;
        case INFO -> info++;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("invoke", invokes);
    m.put("ok", ok);
    m.put("fail", fail);
    m.put("info", info);
    m.put("pending", invokes - ok - fail - info);
    return m;
  }
}
