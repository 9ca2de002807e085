package io.cairn.cli.bench;

import io.cairn.cli.output.Json;
import java.io.PrintWriter;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One run's outcome: counts, throughput and latency percentiles (ms, from a microsecond histogram),
 * printed as one table row or one JSON object with stable field names.
 */
public record BenchResult(
    BenchConfig config,
    long ok,
    Map<String, Long> errors,
    double seconds,
    double p50,
    double p90,
    double p99,
    double p999,
    double max,
    Map<String, Object> extra) {

  static BenchResult of(
      BenchConfig config,
      long ok,
      Map<String, Long> errors,
      double seconds,
      Histogram h,
      Map<String, Object> extra) {
    boolean empty = h.getTotalCount() == 0;
    return new BenchResult(
        config,
        ok,
        errors,
        seconds,
        empty ? 0 : ms(h.getValueAtPercentile(50)),
        empty ? 0 : ms(h.getValueAtPercentile(90)),
        empty ? 0 : ms(h.getValueAtPercentile(99)),
        empty ? 0 : ms(h.getValueAtPercentile(99.9)),
        empty ? 0 : ms(h.getMaxValue()),
        extra);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  public double throughput() {
    return ok / seconds;
  }

  public String toJson() {
    BenchConfig c = config;
    Json.Obj errorKinds = Json.obj();
    errors.forEach(errorKinds::put);
    Json.Obj o =
        Json.obj()
            .put("target", c.target())
            .put("op", c.workload().name())
            .put("clients", c.clients())
            .put("conns", c.conns())
            .put("ok", ok)
            .put("errors", errorCount())
            .put("error_kinds", errorKinds)
            .put("seconds", round(seconds))
            .put("throughput", round(throughput()))
            .put("p50_ms", round(p50))
            .put("p90_ms", round(p90))
            .put("p99_ms", round(p99))
            .put("p999_ms", round(p999))
            .put("max_ms", round(max))
            .put("total", c.total())
            .put(
                "duration_s",
                c.total() > 0 || c.workload() == BenchConfig.Workload.preload
                    ? null
                    : round(c.duration().toMillis() / 1000.0))
            .put("warmup_s", round(c.warmup().toMillis() / 1000.0))
            .put("rate", c.rate())
            .put("key_size", c.keySize())
            .put("val_size", c.valSize())
            .put("key_space", c.keySpace())
            .put("consistency", c.linearizable() ? "linearizable" : "serializable")
            .put("read_ratio", c.readRatio())
            .put("watchers", c.watchers())
            .put("verify", c.verify())
            .put("endpoints", String.join(",", c.endpoints()));
    extra.forEach(o::put);
    return o.toString();
  }

  /** The header and the row, aligned; then the errors by kind, if any. */
  public void printTable(PrintWriter out) {
    String[] head = {
      "TARGET",
      "OP",
      "CLIENTS",
      "CONNS",
      "OK",
      "ERRORS",
      "OPS/S",
      "P50 MS",
      "P90 MS",
      "P99 MS",
      "P99.9 MS",
      "MAX MS"
    };
    String[] row = {
      config.target(),
      config.workload().name(),
      Integer.toString(config.clients()),
      Integer.toString(config.conns()),
      Long.toString(ok),
      Long.toString(errorCount()),
      String.format("%.1f", throughput()),
      String.format("%.3f", p50),
      String.format("%.3f", p90),
      String.format("%.3f", p99),
      String.format("%.3f", p999),
      String.format("%.3f", max)
    };
    StringBuilder h = new StringBuilder();
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < head.length; i++) {
      int w = Math.max(head[i].length(), row[i].length());
      String sep = i == 0 ? "" : "  ";
      h.append(sep).append(pad(head[i], w, i < 2));
      r.append(sep).append(pad(row[i], w, i < 2));
    }
    out.println(h);
    out.println(r);
    if (!errors.isEmpty()) {
      StringBuilder e = new StringBuilder("errors:");
      errors.forEach((k, v) -> e.append(' ').append(k).append('=').append(v));
      out.println(e);
    }
    out.flush();
  }

  private static String pad(String s, int w, boolean left) {
    String fill = " ".repeat(w - s.length());
    return left ? s + fill : fill + s;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
