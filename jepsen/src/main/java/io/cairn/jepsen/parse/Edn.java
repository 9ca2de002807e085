package io.cairn.jepsen.parse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small EDN reader, enough for Jepsen and Knossos histories: maps, vectors, lists, sets (as
 * lists), keywords and symbols (as strings without the colon), strings, integers (Long), decimals
 * (Double), nil, booleans, comments, discards ({@code #_}) and tagged literals (tag dropped).
 */
public final class Edn {
  private final String s;
  private int pos;

  private Edn(String s) {
    this.s = s;
  }

  /** Reads every top-level form of {@code text}. */
  public static List<Object> readAll(String text) {
    Edn r = new Edn(text);
    List<Object> forms = new ArrayList<>();
    while (r.skipSpace()) {
      forms.add(r.read());
    }
    return forms;
  }

  private IllegalArgumentException error(String what) {
    int line = 1;
    for (int i = 0; i < Math.min(pos, s.length()); i++) {
      if (s.charAt(i) == '\n') {
        line++;
      }
    }
    return new IllegalArgumentException("EDN line " + line + ": " + what);
  }

  /** Skips whitespace, commas and comments; false at end of input. */
  private boolean skipSpace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ';') {
        while (pos < s.length() && s.charAt(pos) != '\n') {
          pos++;
        }
      } else if (Character.isWhitespace(c) || c == ',') {
        pos++;
      } else {
        return true;
      }
    }
    return false;
  }

  private Object read() {
    if (!skipSpace()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '[':
      case '(':
        pos++;
        return readSeq(c == '[' ? ']' : ')');
      case '{':
        pos++;
        return readMap();
      case '"':
        return readString();
      case '#':
        pos++;
        if (pos < s.length() && s.charAt(pos) == '{') {
          pos++;
          return readSeq('}');
        }
        if (pos < s.length() && s.charAt(pos) == '_') {
          pos++;
          read();
          return read();
        }
        readToken(); // tag
        return read();
      case ']':
      case ')':
      case '}':
        throw error("unexpected '" + c + "'");
      default:
        return atom(readToken());
    }
  }

  private List<Object> readSeq(char close) {
    List<Object> out = new ArrayList<>();
    while (true) {
      if (!skipSpace()) {
        throw error("missing '" + close + "'");
      }
      if (s.charAt(pos) == close) {
        pos++;
        return out;
      }
      out.add(read());
    }
  }

  private Map<Object, Object> readMap() {
    List<Object> kv = readSeq('}');
    if (kv.size() % 2 != 0) {
      throw error("map with an odd number of forms");
    }
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.size(); i += 2) {
      m.put(kv.get(i), kv.get(i + 1));
    }
    return m;
  }

  private String readString() {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\\' && pos < s.length()) {
        char e = s.charAt(pos++);
        sb.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              default -> e;
            });
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated string");
  }

  private String readToken() {
    int start = pos;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (Character.isWhitespace(c) || c == ',' || "[](){}\";".indexOf(c) >= 0) {
        break;
      }
      pos++;
    }
    if (start == pos) {
      throw error("unexpected '" + s.charAt(pos) + "'");
    }
    return s.substring(start, pos);
  }

  private static Object atom(String t) {
    switch (t) {
      case "nil":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      default:
        break;
    }
    if (t.startsWith(":")) {
      return t.substring(1);
    }
    char c = t.charAt(0);
    if (Character.isDigit(c) || ((c == '-' || c == '+') && t.length() > 1)) {
      String num = t.endsWith("N") || t.endsWith("M") ? t.substring(0, t.length() - 1) : t;
      try {
        return Long.parseLong(num);
      } catch (NumberFormatException e) {
        try {
          return Double.parseDouble(num);
        } catch (NumberFormatException e2) {
          return t;
        }
      }
    }
    return t;
  }
}
