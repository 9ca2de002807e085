package io.cairn.server.metrics;

/** Builds a Prometheus text exposition (format 0.0.4): HELP/TYPE headers and samples. */
final class MetricsText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder out = new StringBuilder(8192);

  /** Starts a family; {@code type} is counter, gauge, histogram, summary or untyped. */
  MetricsText family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  MetricsText sample(String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  /** A family with one unlabeled sample. */
  MetricsText single(String name, String type, String help, double value) {
    return family(name, type, help).sample(name, "", value);
  }

  /** {@code name="value"} with the value escaped. */
  static String label(String name, String value) {
    return name
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  static String join(String labels, String more) {
    return labels.isEmpty() ? more : labels + "," + more;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
