package io.cairn.jepsen.nemesis;

import java.util.Locale;

/** The kinds of fault {@code --nemesis} accepts. */
public enum Fault {
  KILL,
  PAUSE,
  PARTITION,
  MEMBER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code kill|pause|partition|member}; {@code clock} is refused with the reason. */
  public static Fault parse(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.equals("clock")) {
      throw new IllegalArgumentException(
          "the clock fault is not available: node processes share the kernel clock and"
              + " libfaketime is unreliable under the JVM (see docs/jepsen.md)");
    }
    for (Fault f : values()) {
      if (f.wire().equals(t)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault '" + s + "' (kill, pause, partition, member)");
  }
}
