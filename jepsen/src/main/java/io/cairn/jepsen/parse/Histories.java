package io.cairn.jepsen.parse;

import io.cairn.jepsen.history.HistoryReader;
import io.cairn.jepsen.history.Op;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads history files of every supported format into {@link Op}s. External formats carry no usable
 * clock, so an op's time is its position in the file (README of the checker data, rule 2).
 */
public final class Histories {
  private Histories() {}

  private static final Pattern ETCD_LINE =
      Pattern.compile("jepsen\\.util\\s+-\\s+(\\d+)\\s+:(\\w+)\\s+:(\\w+)\\s*(.*?)\\s*$");

  /** Loads {@code file}, detecting its format. */
  public static ParsedHistory load(Path file) throws IOException {
    return load(file, null);
  }

  /**
   * Loads {@code file} as {@code format} (null: detect).
   *
   * @throws IllegalArgumentException if the content does not parse
   */
  public static ParsedHistory load(Path file, HistoryFormat format) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    HistoryFormat f =
        format != null ? format : HistoryFormat.detect(file.getFileName().toString(), text);
    return parse(text, f);
  }

  /** Parses {@code text} as {@code format}. */
  public static ParsedHistory parse(String text, HistoryFormat format) throws IOException {
    return switch (format) {
      case JSONL -> {
        List<Op> ops = HistoryReader.read(new StringReader(text));
        yield new ParsedHistory(ops, format, guessModel(ops, "cas-register"));
      }
      case EDN -> edn(text);
      case ETCD_LOG -> new ParsedHistory(etcd(text), format, "cas-register");
    };
  }

  /** Picks the model a history's operation names imply. */
  static String guessModel(List<Op> ops, String registerModel) {
    for (Op op : ops) {
      if (op.isNemesis()) {
        continue;
      }
      switch (op.f()) {
        case "txn":
          return "multi-register";
        case "acquire", "release":
          return "mutex";
        case "get", "put", "append":
          return "kv";
        default:
          break;
      }
    }
    return registerModel;
  }

  // ---- EDN (Knossos, Jepsen, porcupine kv) ----

  private static ParsedHistory edn(String text) {
    List<Object> forms = Edn.readAll(text);
    List<?> maps = forms.size() == 1 && forms.get(0) instanceof List<?> l ? l : forms;
    List<Op> ops = new ArrayList<>(maps.size());
    for (Object o : maps) {
      if (!(o instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("EDN op " + ops.size() + " is not a map: " + o);
      }
      ops.add(ednOp(m, ops.size()));
    }
    // Knossos's cas-register starts at 0 and reads nil as "unknown" (see the data README).
    return new ParsedHistory(ops, HistoryFormat.EDN, guessModel(ops, "knossos-cas-register"));
  }

  private static Op ednOp(Map<?, ?> m, int position) {
    Object p = m.get("process");
    Object process;
    if (p instanceof Long l) {
      process = Math.toIntExact(l);
    } else if (Op.NEMESIS.equals(p)) {
      process = Op.NEMESIS;
    } else {
      throw new IllegalArgumentException("EDN op " + position + ": bad :process " + p);
    }
    Object type = m.get("type");
    Object f = m.get("f");
    if (type == null || f == null) {
      throw new IllegalArgumentException("EDN op " + position + ": missing :type or :f");
    }
    Object key = m.get("key");
    Object error = m.get("error");
    return new Op(
        position,
        position,
        Op.Type.fromWire(type.toString()),
        process,
        f.toString(),
        key == null ? null : key.toString(),
        m.get("value"),
        error == null ? null : error.toString(),
        null,
        null);
  }

  // ---- porcupine etcd logs ----

  private static final Set<String> TYPES = Set.of("invoke", "ok", "fail", "info");

  private static List<Op> etcd(String text) {
    List<Op> ops = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      Matcher mt = ETCD_LINE.matcher(lines[i]);
      if (!mt.find() || !TYPES.contains(mt.group(2))) {
        throw new IllegalArgumentException("etcd log line " + (i + 1) + ": not an op: " + lines[i]);
      }
      int process = Integer.parseInt(mt.group(1));
      Op.Type type = Op.Type.fromWire(mt.group(2));
      String f = mt.group(3);
      String raw = mt.group(4);
      Object value = null;
      String error = null;
      if (raw.startsWith(":")) {
        error = raw.substring(1);
      } else {
        value = etcdValue(raw, i + 1);
      }
      if (type == Op.Type.FAIL && f.equals("cas")) {
        error = "compare-failed";
      } else if (type == Op.Type.FAIL && f.equals("read")) {
        type = Op.Type.INFO; // a timed-out read: its outcome is unknown, not "did not happen"
      }
      int idx = ops.size();
      ops.add(new Op(idx, idx, type, process, f, null, value, error, null, null));
    }
    return ops;
  }

  private static Object etcdValue(String raw, int line) {
    if (raw.isEmpty() || raw.equals("nil")) {
      return null;
    }
    List<Object> forms = Edn.readAll(raw);
    if (forms.size() != 1) {
      throw new IllegalArgumentException("etcd log line " + line + ": bad value " + raw);
    }
    return forms.get(0);
  }
}
