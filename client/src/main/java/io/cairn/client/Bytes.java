package io.cairn.client;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An immutable sequence of bytes: a key or a value. Ordered as Cairn orders keys, unsigned
 * lexicographically.
 */
public final class Bytes implements Comparable<Bytes> {
  /** The empty sequence. */
  public static final Bytes EMPTY = new Bytes(ByteString.EMPTY);

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final Bytes TO_THE_END = new Bytes(ByteString.copyFrom(new byte[] {0}));

  private final ByteString bytes;

  private Bytes(ByteString bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    return new Bytes(ByteString.copyFrom(bytes));
  }

  /** The UTF-8 encoding of {@code text}. */
  public static Bytes utf8(String text) {
    return new Bytes(ByteString.copyFromUtf8(text));
  }

  /**
   * Parses hexadecimal text (two digits per byte, either case).
   *
   * @throws IllegalArgumentException if {@code hex} has odd length or a non-hex character
   */
  public static Bytes fromHex(String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("hex text must have an even length: " + hex);
    }
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException("not hex: " + hex);
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    return new Bytes(ByteString.copyFrom(out));
  }

  /**
   * The end of the range holding every key that starts with {@code prefix}, as etcd computes it:
   * drop trailing 0xff bytes, then increment the last byte. An empty or all-0xff prefix yields the
   * single zero byte, which range requests read as "to the end of the keyspace".
   */
  public static Bytes prefixEnd(Bytes prefix) {
    byte[] b = prefix.bytes.toByteArray();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = new byte[i + 1];
        System.arraycopy(b, 0, end, 0, i + 1);
        end[i]++;
        return new Bytes(ByteString.copyFrom(end));
      }
    }
    return TO_THE_END;
  }

  /** Wraps a protobuf ByteString without copying (ByteString is immutable). */
  static Bytes wrap(ByteString bytes) {
    return bytes.isEmpty() ? EMPTY : new Bytes(bytes);
  }

  ByteString byteString() {
    return bytes;
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** Decodes the bytes as UTF-8, replacing malformed input. */
  public String toUtf8() {
    return bytes.toStringUtf8();
  }

  /** Lower-case hexadecimal, two digits per byte. */
  public String toHex() {
    StringBuilder sb = new StringBuilder(bytes.size() * 2);
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xff;
      sb.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
    }
    return sb.toString();
  }

  public int size() {
    return bytes.size();
  }

  public boolean isEmpty() {
    return bytes.isEmpty();
  }

  public boolean startsWith(Bytes prefix) {
    return bytes.startsWith(prefix.bytes);
  }

  @Override
  public int compareTo(Bytes other) {
    int n = Math.min(bytes.size(), other.bytes.size());
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(bytes.byteAt(i) & 0xff, other.bytes.byteAt(i) & 0xff);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(bytes.size(), other.bytes.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && bytes.equals(other.bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(bytes);
  }

  /** The text itself when it is printable UTF-8, otherwise {@code 0x} and the hex digits. */
  @Override
  public String toString() {
    return printable() ? bytes.toStringUtf8() : "0x" + toHex();
  }

  private boolean printable() {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return false;
    }
    return text.codePoints()
        .noneMatch(cp -> Character.isISOControl(cp) || !Character.isDefined(cp));
  }
}
