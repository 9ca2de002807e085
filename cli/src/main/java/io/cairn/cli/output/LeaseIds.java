package io.cairn.cli.output;

import io.cairn.cli.CliException;
import java.util.Locale;

/**
 * Lease ids as etcdctl writes them: hex, without a prefix ({@code 694d5765fc71500b}). Accepted: hex
 * with or without {@code 0x}, or decimal written as {@code dec:N} (JSON output has both forms).
 */
public final class LeaseIds {
  private LeaseIds() {}

  public static long parse(String arg) {
    String s = arg.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("dec:")) {
        return positive(Long.parseLong(s.substring(4)), arg);
      }
      if (s.startsWith("0x")) {
        s = s.substring(2);
      }
      if (s.isEmpty() || s.length() > 16) {
        throw new NumberFormatException();
      }
      return positive(Long.parseUnsignedLong(s, 16), arg);
    } catch (NumberFormatException e) {
      throw CliException.usage(
          "'" + arg + "' is not a lease id (hex like 694d5765fc71500b, or dec:N for decimal)");
    }
  }

  public static String format(long id) {
    return Long.toHexString(id);
  }

  private static long positive(long id, String arg) {
    if (id <= 0) {
      throw CliException.usage("'" + arg + "' is not a lease id (ids are positive)");
    }
    return id;
  }
}
