package io.cairn.jepsen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.nemesis.FaultWindow;
import io.cairn.jepsen.run.RunOptions;
import io.cairn.jepsen.workload.CheckReport;
import io.cairn.jepsen.workload.Validity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes report.html: one page, inline SVG, no external resources. */
public final class HtmlReport {
  private static final int WIDTH = 1300;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private HtmlReport() {}

  /** An invocation and its completion (null if it never completed). */
  record Span(Op invoke, Op done) {
    Op.Type type() {
      return done == null ? Op.Type.INFO : done.type();
    }
  }

  public static void write(
      Path file,
      String runId,
      RunOptions o,
      String network,
      Validity valid,
      List<CheckReport> reports,
      List<FaultWindow> windows,
      List<Op> history,
      long endNanos)
      throws IOException {
    List<Span> spans = spans(history);
    long end = Math.max(endNanos, 1);
    StringBuilder h = new StringBuilder(1 << 20);
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>cairn jepsen ")
        .append(esc(runId))
        .append("</title><style>")
        .append(
            "body{font:13px system-ui,sans-serif;margin:16px;color:#222}"
                + "h1{font-size:20px;margin:0 0 6px}h2{font-size:15px;margin:18px 0 6px}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
                + "text-align:left;font-size:12px}.valid{color:#2e7d32;font-weight:bold}"
                + ".invalid{color:#c62828;font-weight:bold}.unknown{color:#b26a00;"
                + "font-weight:bold}svg{background:#fff;border:1px solid #ddd}"
                + ".legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;"
                + "vertical-align:middle}")
        .append("</style></head><body>");
    h.append("<h1>cairn jepsen run ").append(esc(runId)).append(": ");
    h.append(verdictSpan(valid)).append("</h1>");
    h.append("<div>")
        .append(esc(o.workload()))
        .append(" workload, ")
        .append(o.nodes())
        .append(" nodes on ")
        .append(esc(network))
        .append(", nemesis ")
        .append(esc(o.nemesis().stream().map(f -> f.wire()).toList().toString()))
        .append(", concurrency ")
        .append(o.concurrency())
        .append(", rate ")
        .append(fmt(o.rate()))
        .append("/s, seed ")
        .append(o.seed())
        .append(o.unsafeSerializableReads() ? ", <b>unsafe SERIALIZABLE reads</b>" : "")
        .append(", ")
        .append(fmt(end / 1e9))
        .append(" s recorded</div>");

    h.append("<h2>Verdicts</h2><table><tr><th>checker</th><th>valid</th><th>summary</th></tr>");
    for (CheckReport r : reports) {
      h.append("<tr><td>")
          .append(esc(r.checker()))
          .append("</td><td>")
          .append(verdictSpan(r.valid()))
          .append("</td><td>")
          .append(esc(r.summary()))
          .append("</td></tr>");
    }
    h.append("</table>");
    Map<String, Object> counts = ResultsJson.counts(history);
    h.append("<p>ops: ").append(esc(counts.toString())).append("; faults: ");
    h.append(windows.size()).append("</p>");

    legend(h);
    h.append("<h2>Timeline (one row per worker lane; process numbers change after info)</h2>");
    timeline(h, spans, windows, end);
    h.append("<h2>Latency (log scale) by invocation time</h2>");
    latency(h, spans, windows, end);
    h.append("<h2>Throughput (completions per second)</h2>");
    throughput(h, spans, windows, end);
    h.append("<h2>Faults</h2><table><tr><th>fault</th><th>nodes / cuts</th><th>start s</th>")
        .append("<th>end s</th></tr>");
    for (FaultWindow w : windows) {
      h.append("<tr><td>")
          .append(esc(w.fault() + (w.shape() == null ? "" : " " + w.shape())))
          .append("</td><td>")
          .append(esc(w.shape() == null ? w.nodes().toString() : "drops " + w.dropsFrom()))
          .append("</td><td>")
          .append(fmt(w.start() / 1e9))
          .append("</td><td>")
          .append(fmt(w.end() / 1e9))
          .append("</td></tr>");
    }
    h.append("</table>");
    for (CheckReport r : reports) {
      if (!r.counterexample().isEmpty()) {
        counterexample(h, r);
      }
    }
    h.append("</body></html>\n");
    Files.writeString(file, h, StandardCharsets.UTF_8);
  }

  static List<Span> spans(List<Op> history) {
    Map<Object, Op> open = new HashMap<>();
    List<Span> out = new ArrayList<>();
    Map<Op, Integer> position = new HashMap<>();
    for (Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      if (op.isInvoke()) {
        position.put(op, out.size());
        out.add(new Span(op, null));
        open.put(op.process(), op);
      } else {
        Op inv = open.remove(op.process());
        if (inv != null) {
          out.set(position.get(inv), new Span(inv, op));
        }
      }
    }
    return out;
  }

  private static void legend(StringBuilder h) {
    h.append("<div class=\"legend\">ops:")
        .append("<span style=\"background:#2e7d32\"></span>ok")
        .append("<span style=\"background:#c62828\"></span>fail")
        .append("<span style=\"background:#f9a825\"></span>info (unknown)")
        .append(" &nbsp; faults:")
        .append("<span style=\"background:#f4cccc\"></span>kill")
        .append("<span style=\"background:#e1d5f0\"></span>pause")
        .append("<span style=\"background:#cfe2f3\"></span>partition</div>");
  }

  private static String color(Op.Type t) {
    return switch (t) {
      case OK -> "#2e7d32";
      case FAIL -> "#c62828";
      default -> "#f9a825";
    };
  }

  private static String faultColor(String fault) {
    return switch (fault) {
      case "kill" -> "#f4cccc";
      case "pause" -> "#e1d5f0";
      default -> "#cfe2f3";
    };
  }

  private static double x(long t, long end) {
    return LEFT + (double) t / end * (WIDTH - LEFT - RIGHT);
  }

  private static void faults(
      StringBuilder h, List<FaultWindow> windows, long end, int top, int height, boolean labels) {
    for (FaultWindow w : windows) {
      double x0 = x(w.start(), end);
      double x1 = Math.max(x0 + 1, x(w.end(), end));
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\" opacity=\"0.8\">"
                  + "<title>%s</title></rect>",
              x0,
              top,
              x1 - x0,
              height,
              faultColor(w.fault()),
              esc(
                  w.fault()
                      + " "
                      + (w.shape() == null ? w.nodes() : w.shape() + " " + w.dropsFrom()))));
      if (labels) {
        h.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>",
                x0 + 2,
                top + 10,
                esc(w.fault() + (w.shape() == null ? " " + w.nodes() : " " + w.shape()))));
      }
    }
  }

  private static void axis(StringBuilder h, long end, int y, int top) {
    double seconds = end / 1e9;
    double step = seconds <= 20 ? 1 : seconds <= 60 ? 5 : seconds <= 200 ? 10 : 60;
    for (double s = 0; s <= seconds; s += step) {
      double px = x((long) (s * 1e9), end);
      h.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%ss</text>",
              px,
              px,
              top,
              y,
              px,
              y + 12,
              fmt(s)));
    }
  }

  private static void timeline(
      StringBuilder h, List<Span> spans, List<FaultWindow> windows, long end) {
    // greedy lanes: a process reuses the first lane free since the previous process there ended
    Map<Object, long[]> life = new LinkedHashMap<>();
    for (Span s : spans) {
      long stop = s.done() == null ? end : s.done().time();
      life.compute(
          s.invoke().process(),
          (k, v) ->
              v == null
                  ? new long[] {s.invoke().time(), stop}
                  : new long[] {v[0], Math.max(v[1], stop)});
    }
    List<Long> laneEnds = new ArrayList<>();
    List<List<Object>> laneProcs = new ArrayList<>();
    Map<Object, Integer> lane = new HashMap<>();
    for (Map.Entry<Object, long[]> e : life.entrySet()) {
      int chosen = -1;
      for (int i = 0; i < laneEnds.size(); i++) {
        if (laneEnds.get(i) < e.getValue()[0]) {
          chosen = i;
          break;
        }
      }
      if (chosen < 0) {
        chosen = laneEnds.size();
        laneEnds.add(0L);
        laneProcs.add(new ArrayList<>());
      }
      laneEnds.set(chosen, e.getValue()[1]);
      laneProcs.get(chosen).add(e.getKey());
      lane.put(e.getKey(), chosen);
    }
    int rowH = laneEnds.size() > 40 ? 8 : 14;
    int top = 14;
    int height = top + laneEnds.size() * rowH + 20;
    h.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
    faults(h, windows, end, 0, height - 20, true);
    axis(h, end, height - 18, 0);
    for (int i = 0; i < laneProcs.size(); i++) {
      List<Object> ps = laneProcs.get(i);
      String label = ps.size() <= 3 ? "p" + ps : "p" + ps.subList(0, 2) + "+" + (ps.size() - 2);
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"2\" y=\"%d\" font-size=\"9\">%s</text>",
              top + i * rowH + rowH - 4,
              esc(label.replace(" ", ""))));
    }
    boolean titles = spans.size() <= 40_000;
    for (Span s : spans) {
      long t0 = s.invoke().time();
      long t1 = s.done() == null ? end : s.done().time();
      double x0 = x(t0, end);
      double w = Math.max(0.8, x(t1, end) - x0);
      int y = top + lane.get(s.invoke().process()) * rowH + 1;
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">",
              x0,
              y,
              w,
              rowH - 3,
              color(s.type())));
      if (titles) {
        h.append("<title>").append(esc(describe(s))).append("</title>");
      }
      h.append("</rect>");
    }
    h.append("</svg>");
  }

  private static String describe(Span s) {
    Op i = s.invoke();
    Op d = s.done();
    StringBuilder b = new StringBuilder();
    b.append("#").append(i.index()).append(" p").append(i.process()).append(' ').append(i.f());
    if (i.key() != null) {
      b.append(' ').append(i.key());
    }
    b.append(' ').append(json(d == null ? i.value() : d.value()));
    b.append(" -> ").append(d == null ? "pending" : d.type().wire());
    if (d != null && d.error() != null) {
      b.append(" (").append(d.error()).append(')');
    }
    if (d != null && d.node() != null) {
      b.append(" @").append(d.node());
    }
    if (d != null) {
      b.append(", ").append(fmt((d.time() - i.time()) / 1e6)).append(" ms");
    }
    return b.toString();
  }

  private static void latency(
      StringBuilder h, List<Span> spans, List<FaultWindow> windows, long end) {
    int height = 240;
    int plot = height - 24;
    double minMs = 0.1;
    double maxMs = 10_000;
    h.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
    faults(h, windows, end, 0, plot, false);
    axis(h, end, plot + 2, 0);
    for (double ms = minMs; ms <= maxMs; ms *= 10) {
      double y = ly(ms, minMs, maxMs, plot);
      h.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                  + "<text x=\"2\" y=\"%.1f\" font-size=\"10\">%s ms</text>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              y + 3,
              fmt(ms)));
    }
    int stride = Math.max(1, spans.size() / 30_000);
    int n = 0;
    for (Span s : spans) {
      if (s.done() == null || n++ % stride != 0) {
        continue;
      }
      double ms = Math.max(minMs, (s.done().time() - s.invoke().time()) / 1e6);
      h.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"%s\" fill-opacity=\"0.6\"/>",
              x(s.invoke().time(), end),
              ly(Math.min(ms, maxMs), minMs, maxMs, plot),
              color(s.type())));
    }
    h.append("</svg>");
  }

  private static double ly(double ms, double min, double max, int plot) {
    return 4
        + (plot - 8)
            * (1 - (Math.log10(ms) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)));
  }

  private static void throughput(
      StringBuilder h, List<Span> spans, List<FaultWindow> windows, long end) {
    int buckets = (int) Math.max(1, Math.ceil(end / 1e9));
    int[][] c = new int[3][buckets];
    for (Span s : spans) {
      if (s.done() == null) {
        continue;
      }
      int b = (int) Math.min(buckets - 1, s.done().time() / 1_000_000_000L);
      c[s.type() == Op.Type.OK ? 0 : s.type() == Op.Type.FAIL ? 1 : 2][b]++;
    }
    int max = 1;
    for (int b = 0; b < buckets; b++) {
      max = Math.max(max, c[0][b] + c[1][b] + c[2][b]);
    }
    int height = 180;
    int plot = height - 24;
    h.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
    faults(h, windows, end, 0, plot, false);
    axis(h, end, plot + 2, 0);
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"2\" y=\"12\" font-size=\"10\">%d/s</text><text x=\"2\" y=\"%d\" "
                + "font-size=\"10\">0</text>",
            max,
            plot));
    Op.Type[] types = {Op.Type.OK, Op.Type.FAIL, Op.Type.INFO};
    for (int b = 0; b < buckets; b++) {
      double x0 = x(b * 1_000_000_000L, end);
      double w = Math.max(1, x(Math.min(end, (b + 1) * 1_000_000_000L), end) - x0 - 1);
      double y = plot;
      for (int t = 0; t < 3; t++) {
        double bh = (double) c[t][b] / max * (plot - 14);
        y -= bh;
        if (bh > 0) {
          h.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                      + "<title>%d-%d s: %d %s</title></rect>",
                  x0,
                  y,
                  w,
                  bh,
                  color(types[t]),
                  b,
                  b + 1,
                  c[t][b],
                  types[t].wire()));
        }
      }
    }
    h.append("</svg>");
  }

  private static void counterexample(StringBuilder h, CheckReport r) {
    List<Op> ops = r.counterexample();
    h.append("<h2>Counterexample (").append(esc(r.checker())).append(")</h2>");
    h.append("<p>").append(esc(r.summary())).append("</p>");
    List<Span> spans = spans(ops);
    if (!spans.isEmpty()) {
      long t0 = Long.MAX_VALUE;
      long t1 = Long.MIN_VALUE;
      for (Op op : ops) {
        t0 = Math.min(t0, op.time());
        t1 = Math.max(t1, op.time());
      }
      long span = Math.max(1, t1 - t0);
      Map<Object, Integer> rows = new LinkedHashMap<>();
      for (Span s : spans) {
        rows.putIfAbsent(s.invoke().process(), rows.size());
      }
      int rowH = 22;
      int height = rows.size() * rowH + 30;
      h.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
      for (Map.Entry<Object, Integer> e : rows.entrySet()) {
        h.append(
            String.format(
                Locale.ROOT,
                "<text x=\"2\" y=\"%d\" font-size=\"11\">p%s</text>",
                e.getValue() * rowH + 15,
                esc(String.valueOf(e.getKey()))));
      }
      for (Span s : spans) {
        long a = s.invoke().time() - t0;
        long b = (s.done() == null ? t1 : s.done().time()) - t0;
        double x0 = LEFT + (double) a / span * (WIDTH - LEFT - RIGHT - 200);
        double x1 = LEFT + (double) b / span * (WIDTH - LEFT - RIGHT - 200);
        int y = rows.get(s.invoke().process()) * rowH + 3;
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\" "
                    + "fill-opacity=\"0.85\"><title>%s</title></rect>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>",
                x0,
                y,
                Math.max(2, x1 - x0),
                color(s.type()),
                esc(describe(s)),
                x0 + 3,
                y + 12,
                esc(shortLabel(s))));
      }
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s ms window</text></svg>",
              LEFT,
              height - 6,
              fmt(span / 1e6)));
    }
    h.append("<table><tr><th>index</th><th>time s</th><th>process</th><th>type</th><th>f</th>")
        .append("<th>key</th><th>value</th><th>error</th><th>node</th><th>revision</th></tr>");
    for (Op op : ops) {
      h.append("<tr><td>")
          .append(op.index())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.6f", op.time() / 1e9))
          .append("</td><td>")
          .append(esc(String.valueOf(op.process())))
          .append("</td><td>")
          .append(op.type().wire())
          .append("</td><td>")
          .append(esc(op.f()))
          .append("</td><td>")
          .append(esc(op.key() == null ? "" : op.key()))
          .append("</td><td>")
          .append(esc(json(op.value())))
          .append("</td><td>")
          .append(esc(op.error() == null ? "" : op.error()))
          .append("</td><td>")
          .append(esc(op.node() == null ? "" : op.node()))
          .append("</td><td>")
          .append(op.revision() == null ? "" : op.revision())
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private static String shortLabel(Span s) {
    Op d = s.done();
    String v = json(d == null ? s.invoke().value() : d.value());
    return s.invoke().f() + " " + v + (d == null ? " ?" : " " + d.type().wire());
  }

  private static String verdictSpan(Validity v) {
    return switch (v) {
      case VALID -> "<span class=\"valid\">valid</span>";
      case INVALID -> "<span class=\"invalid\">INVALID</span>";
      case UNKNOWN -> "<span class=\"unknown\">unknown</span>";
    };
  }

  private static String json(Object v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (IOException e) {
      return String.valueOf(v);
    }
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e12
        ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%.1f", d);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
