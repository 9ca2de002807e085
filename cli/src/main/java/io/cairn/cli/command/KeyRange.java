package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.client.Bytes;

/**
 * The keys a get/del names: one key, a prefix, or {@code [key, rangeEnd)}. An empty prefix means
 * every key ({@code "\0"} to {@code "\0"}, as in etcd).
 */
record KeyRange(Bytes key, Bytes rangeEnd) {
  static final Bytes ZERO = Bytes.fromHex("00");

  static KeyRange of(Bytes key, Bytes rangeEnd, boolean prefix) {
    if (prefix && rangeEnd != null) {
      throw CliException.usage("give either --prefix or a range end, not both");
    }
    if (prefix) {
      return key.isEmpty() ? new KeyRange(ZERO, ZERO) : new KeyRange(key, Bytes.prefixEnd(key));
    }
    if (key.isEmpty()) {
      throw CliException.usage("the key is empty (use --prefix with an empty key for every key)");
    }
    return new KeyRange(key, rangeEnd);
  }

  boolean single() {
    return rangeEnd == null;
  }
}
