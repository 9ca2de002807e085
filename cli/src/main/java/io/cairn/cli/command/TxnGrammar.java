package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.output.ByteText;
import io.cairn.client.Bytes;
import io.cairn.client.Cmp;
import io.cairn.client.Op;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of txn compares and operations (etcdctl's, in one line each):
 *
 * <pre>
 *   value(KEY) = VALUE     version(KEY) != 0     create(KEY) = 0     mod(KEY) &gt; 41
 *   put KEY VALUE          get KEY               del KEY
 * </pre>
 *
 * Comparison operators: =, !=, &gt;, &lt;. Quote words that contain spaces.
 */
final class TxnGrammar {
  private static final Pattern COMPARE =
      Pattern.compile("\\s*(value|val|version|ver|create|mod)\\((.*?)\\)\\s*(!=|==|=|>|<)\\s*(.*)");

  private final boolean hex;

  TxnGrammar(boolean hex) {
    this.hex = hex;
  }

  Cmp compare(String text) {
    Matcher m = COMPARE.matcher(text);
    if (!m.matches()) {
      throw CliException.usage(
          "bad compare '" + text + "': expected e.g. value(KEY) = VALUE or version(KEY) > 0");
    }
    Bytes key = bytes(unquote(m.group(2)));
    String op = m.group(3);
    String operand = unquote(m.group(4).strip());
    String target = m.group(1);
    if (target.startsWith("val") && !target.equals("version")) {
      Bytes v = bytes(operand);
      var c = Cmp.value(key);
      return switch (op) {
        case "!=" -> c.notEqual(v);
        case ">" -> c.greater(v);
        case "<" -> c.less(v);
        default -> c.equal(v);
      };
    }
    long n;
    try {
      n = Long.parseLong(operand);
    } catch (NumberFormatException e) {
      throw CliException.usage("bad compare '" + text + "': '" + operand + "' is not a number");
    }
    var c =
        switch (target) {
          case "create" -> Cmp.createRevision(key);
          case "mod" -> Cmp.modRevision(key);
          default -> Cmp.version(key);
        };
    return switch (op) {
      case "!=" -> c.notEqual(n);
      case ">" -> c.greater(n);
      case "<" -> c.less(n);
      default -> c.equal(n);
    };
  }

  Op op(String text) {
    List<String> w = Words.split(text);
    if (w.size() == 3 && w.get(0).equals("put")) {
      return Op.put(bytes(w.get(1)), bytes(w.get(2)));
    }
    if (w.size() == 2 && w.get(0).equals("get")) {
      return Op.get(bytes(w.get(1)));
    }
    if (w.size() == 2 && (w.get(0).equals("del") || w.get(0).equals("delete"))) {
      return Op.delete(bytes(w.get(1)));
    }
    throw CliException.usage(
        "bad operation '" + text + "': expected put KEY VALUE, get KEY or del KEY");
  }

  private Bytes bytes(String s) {
    return ByteText.parse(s, hex);
  }

  private static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2
        && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }
}
