package io.cairn.jepsen.nemesis;

import java.util.Locale;

/** The partition shapes {@code --partitions} accepts. */
public enum PartitionShape {
  HALVES("halves"),
  ISOLATE_LEADER("isolate-leader"),
  MAJORITIES_RING("majorities-ring"),
  ONE_WAY("one-way");

  private final String wire;

  PartitionShape(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static PartitionShape parse(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    for (PartitionShape p : values()) {
      if (p.wire.equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown partition '" + s + "' (halves, isolate-leader, majorities-ring, one-way)");
  }
}
