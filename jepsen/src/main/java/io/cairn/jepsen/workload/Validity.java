package io.cairn.jepsen.workload;

/** A checker's verdict; in results.json {@code true}, {@code false} or {@code "unknown"}. */
public enum Validity {
  // declaration order is severity order: and() keeps the later one
  VALID,
  UNKNOWN,
  INVALID;

  /** The JSON value. */
  public Object json() {
    return switch (this) {
      case VALID -> true;
      case INVALID -> false;
      case UNKNOWN -> "unknown";
    };
  }

  /** Invalid beats unknown beats valid. */
  public Validity and(Validity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
