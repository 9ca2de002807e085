package io.cairn.cli.output;

import io.cairn.cli.CliException;
import io.cairn.client.Bytes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Keys and values as text, binary-safe: bytes that are not printable UTF-8 are never written raw to
 * a terminal.
 */
public final class ByteText {
  private ByteText() {}

  /** An argument as bytes: UTF-8, or hex with {@code --hex}. */
  public static Bytes parse(String arg, boolean hex) {
    if (!hex) {
      return Bytes.utf8(arg);
    }
    String digits = arg.strip();
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      digits = digits.substring(2);
    }
    if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
      throw CliException.usage("'" + arg + "' is not hex (two hex digits per byte)");
    }
    return Bytes.fromHex(digits);
  }

  /**
   * Bytes for a person: hex with {@code --hex}; the text itself when it is printable UTF-8 (tabs
   * and, if {@code allowNewlines}, newlines allowed); otherwise a double-quoted escaped form such
   * as {@code "\x00ab\n"}.
   */
  public static String display(Bytes b, boolean hex, boolean allowNewlines) {
    if (hex) {
      return b.toHex();
    }
    Optional<String> text = utf8(b);
    if (text.isPresent() && printable(text.get(), allowNewlines)) {
      return text.get();
    }
    return escaped(b);
  }

  /** The UTF-8 text of the bytes, if they are valid UTF-8. */
  public static Optional<String> utf8(Bytes b) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b.toByteArray()));
      return Optional.of(chars.toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  public static String base64(Bytes b) {
    return Base64.getEncoder().encodeToString(b.toByteArray());
  }

  static boolean printable(String s, boolean allowNewlines) {
    return s.codePoints()
        .allMatch(
            c ->
                c == '\t'
                    || (c == '\n' && allowNewlines)
                    || !(Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.UNASSIGNED
                        || Character.getType(c) == Character.SURROGATE
                        || Character.getType(c) == Character.PRIVATE_USE));
  }

  /** Printable ASCII as is; everything else as \n, \t, \\, \" or \xNN; in double quotes. */
  static String escaped(Bytes b) {
    StringBuilder sb = new StringBuilder("\"");
    for (byte x : b.toByteArray()) {
      int c = x & 0xff;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\\' -> sb.append("\\\\");
        case '"' -> sb.append("\\\"");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            sb.append((char) c);
          } else {
            sb.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
