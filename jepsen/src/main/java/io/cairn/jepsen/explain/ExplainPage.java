package io.cairn.jepsen.explain;

import io.cairn.jepsen.checker.Explanation;
import io.cairn.jepsen.model.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes counterexamples as one self-contained HTML page (no scripts, no network): per violation an
 * SVG timeline of the window, one lane per process, with the linearized ops numbered in
 * linearization order, the op that cannot be placed in red, and a table with the model states.
 */
public final class ExplainPage {
  private ExplainPage() {}

  /**
   * One checked file.
   *
   * @param file the file name as given
   * @param verdictLine the line {@code cairn check} printed for it
   * @param explanation the violation, or null
   */
  public record Entry(String file, String verdictLine, Explanation explanation) {}

  public static void write(Path out, List<Entry> entries) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, render(entries), StandardCharsets.UTF_8);
  }

  public static String render(List<Entry> entries) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    sb.append("<title>cairn check</title><style>");
    sb.append("body{font-family:sans-serif;margin:2em;color:#222}");
    sb.append("table{border-collapse:collapse;margin:1em 0}");
    sb.append("td,th{border:1px solid #ccc;padding:2px 8px;font-family:monospace;text-align:left}");
    sb.append(".stuck{background:#fdd}.lin{background:#dfd}.pend{background:#eee}");
    sb.append("h2{margin-top:2em}svg text{font-family:monospace;font-size:11px}");
    sb.append("</style></head><body>\n<h1>cairn check</h1>\n<ul>\n");
    for (Entry e : entries) {
      sb.append("<li>").append(esc(e.verdictLine())).append("</li>\n");
    }
    sb.append("</ul>\n");
    for (Entry e : entries) {
      if (e.explanation() != null) {
        section(sb, e);
      }
    }
    sb.append("</body></html>\n");
    return sb.toString();
  }

  private static void section(StringBuilder sb, Entry e) {
    Explanation x = e.explanation();
    sb.append("<h2>").append(esc(e.file()));
    if (!x.key().isEmpty()) {
      sb.append(" &mdash; key ").append(esc(x.key()));
    }
    sb.append("</h2>\n<p>No order of these operations that respects real time is legal: op ");
    sb.append(x.stuck().invoke().index()).append(" (<b>").append(esc(x.stuck().describe()));
    sb.append("</b>) cannot be placed. The longest partial linearization reaches state <b>");
    sb.append(esc(x.stuckState())).append("</b> and no pending operation can follow it.");
    sb.append(" State before the window: <b>").append(esc(x.stateBefore())).append("</b>.");
    if (x.olderIndefinite() > 0) {
      sb.append(" ").append(x.olderIndefinite());
      sb.append(" older indefinite operations were also pending (omitted).");
    }
    sb.append("</p>\n");
    timeline(sb, x);
    sb.append("<table><tr><th>events</th><th>process</th><th>op</th><th>role</th>");
    sb.append("<th>state after</th></tr>\n");
    for (Operation op : x.window()) {
      int lin = x.linearized().indexOf(op);
      String cls = op == x.stuck() ? "stuck" : lin >= 0 ? "lin" : "pend";
      String role =
          op == x.stuck() ? "cannot be placed" : lin >= 0 ? "linearized #" + (lin + 1) : "pending";
      sb.append("<tr class=\"").append(cls).append("\"><td>").append(span(op)).append("</td><td>");
      sb.append(esc(String.valueOf(op.invoke().process()))).append("</td><td>");
      sb.append(esc(op.describe())).append("</td><td>").append(role).append("</td><td>");
      sb.append(lin >= 0 ? esc(x.statesAfter().get(lin)) : "").append("</td></tr>\n");
    }
    sb.append("</table>\n");
  }

  private static String span(Operation op) {
    return op.invoke().index()
        + ".."
        + (op.completion() == null ? "&infin;" : op.completion().index());
  }

  private static void timeline(StringBuilder sb, Explanation x) {
    Map<Object, Integer> lanes = new LinkedHashMap<>();
    List<Long> ticks = new ArrayList<>();
    for (Operation op : x.window()) {
      lanes.putIfAbsent(op.invoke().process(), lanes.size());
      ticks.add(op.invoke().time());
      if (op.completion() != null) {
        ticks.add(op.completion().time());
      }
    }
    ticks = ticks.stream().distinct().sorted().toList();
    int step = 70;
    int left = 60;
    int width = left + step * (ticks.size() + 1);
    int height = 30 * lanes.size() + 20;
    sb.append("<svg width=\"").append(width);
    sb.append("\" height=\"").append(height).append("\">\n");
    for (Map.Entry<Object, Integer> l : lanes.entrySet()) {
      int y = 20 + 30 * l.getValue();
      sb.append("<text x=\"4\" y=\"")
          .append(y + 4)
          .append("\">p")
          .append(esc(l.getKey().toString()));
      sb.append("</text>\n");
    }
    for (Operation op : x.window()) {
      int y = 20 + 30 * lanes.get(op.invoke().process());
      int x0 = left + step * ticks.indexOf(op.invoke().time());
      int x1 =
          op.completion() == null
              ? width - 10
              : left + step * ticks.indexOf(op.completion().time()) + step / 2;
      int lin = x.linearized().indexOf(op);
      String fill = op == x.stuck() ? "#f88" : lin >= 0 ? "#8c8" : "#bbb";
      sb.append("<rect x=\"").append(x0).append("\" y=\"").append(y - 9).append("\" width=\"");
      sb.append(Math.max(8, x1 - x0)).append("\" height=\"18\" rx=\"3\" fill=\"").append(fill);
      sb.append(op.completion() == null ? "\" stroke-dasharray=\"4\" stroke=\"#666" : "");
      sb.append("\"><title>").append(esc(op.describe())).append("</title></rect>\n");
      sb.append("<text x=\"").append(x0 + 3).append("\" y=\"").append(y + 4).append("\">");
      sb.append(lin >= 0 ? "#" + (lin + 1) + " " : "")
          .append(esc(Explanation.abbreviate(shortOp(op))))
          .append("</text>\n");
    }
    sb.append("</svg>\n");
  }

  private static String shortOp(Operation op) {
    String d = op.describe();
    int sp = d.indexOf(' ');
    return sp < 0 ? d : d.substring(sp + 1);
  }

  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
