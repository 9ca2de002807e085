package io.cairn.cli.bench;

import java.nio.charset.StandardCharsets;

/**
 * The key space: key {@code i} is a fixed prefix followed by {@code i} zero-padded to the width of
 * the largest index, {@code keySize} bytes in all (the prefix is cut or padded to fit), so the same
 * flags name the same keys in every run and on every target.
 */
final class Keys {
  private static final byte[] PREFIX = "bench/".getBytes(StandardCharsets.US_ASCII);

  private final int keySize;
  private final int width;
  private final byte[] prefix;

  Keys(int keySize, long keySpace) {
    this.keySize = keySize;
    this.width = indexWidth(keySpace);
    this.prefix = new byte[keySize - width];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = i < PREFIX.length ? PREFIX[i] : (byte) '_';
    }
  }

  /** Digits of the largest index, {@code keySpace - 1}. */
  static int indexWidth(long keySpace) {
    return Long.toString(Math.max(0, keySpace - 1)).length();
  }

  /** A fresh array holding key {@code index}. */
  byte[] key(long index) {
    byte[] k = new byte[keySize];
    System.arraycopy(prefix, 0, k, 0, prefix.length);
    long v = index;
    for (int i = keySize - 1; i >= prefix.length; i--) {
      k[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    return k;
  }

  /** The bytes every key starts with (may be empty when the index fills the key). */
  byte[] prefix() {
    return prefix.clone();
  }
}
