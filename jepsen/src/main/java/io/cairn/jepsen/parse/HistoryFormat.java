package io.cairn.jepsen.parse;

import java.util.Locale;

/** The history file formats {@code cairn check} reads. */
public enum HistoryFormat {
  /** Cairn's JSON Lines (docs/history-format.md). */
  JSONL,
  /**
   * Knossos/Jepsen EDN: one vector of op maps, or one op map per line (Jepsen's history.edn and
   * porcupine's kv logs).
   */
  EDN,
  /** Porcupine's Jepsen etcd logs: {@code INFO jepsen.util - P :type :f value} lines. */
  ETCD_LOG;

  /** Parses a {@code --format} name: jsonl, edn, etcd-log (case-insensitive). */
  public static HistoryFormat fromName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "jsonl", "json" -> JSONL;
      case "edn", "kv" -> EDN;
      case "etcd-log", "etcd" -> ETCD_LOG;
      default ->
          throw new IllegalArgumentException(
              "unknown format '" + name + "'; known: jsonl, edn, etcd-log");
    };
  }

  /**
   * Guesses the format from the file name and its first meaningful characters. Content wins over
   * the extension when they disagree; an empty file is an empty history in any format.
   */
  public static HistoryFormat detect(String fileName, String content) {
    for (String line : content.split("\n", 200)) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.contains("jepsen.util -")) {
        return ETCD_LOG;
      }
      if (t.startsWith("{\"") || t.startsWith("{ \"")) {
        return JSONL;
      }
      if (t.startsWith(";") || t.startsWith("[") || t.startsWith("{:") || t.startsWith("{")) {
        return EDN;
      }
      break;
    }
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".edn") || n.endsWith(".txt")) {
      return EDN;
    }
    if (n.endsWith(".log")) {
      return ETCD_LOG;
    }
    return JSONL;
  }
}
