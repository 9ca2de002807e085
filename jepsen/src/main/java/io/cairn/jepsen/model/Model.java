package io.cairn.jepsen.model;

import java.util.List;

/**
 * A sequential specification the checker linearizes against. Implementations are stateless and
 * thread-safe; each partition of a check gets its own {@link Instance}.
 */
public interface Model {
  /** The name {@link Models#byName} accepts. */
  String name();

  /**
   * Whether the search needs this operation at all. Operations that can never constrain the search
   * (an indefinite read) may be dropped up front, which keeps the search small.
   */
  default boolean relevant(Operation op) {
    return !(op.indefinite() && isRead(op.f()));
  }

  /** Whether ops are independent per key, so each key can be checked on its own. */
  default boolean partitionedByKey() {
    return true;
  }

  /**
   * Prepares a search over {@code ops} (ids 0..n-1). The instance is used by one thread.
   *
   * @throws IllegalArgumentException if an operation is not understood by this model
   */
  Instance prepare(List<Operation> ops);

  /** A model bound to one partition's operations, with states encoded as non-negative longs. */
  interface Instance {
    /** Returned by {@link #step} for an operation that is illegal in that state. */
    long ILLEGAL = -1;

    long init();

    /** The state after operation {@code op} in {@code state}, or {@link #ILLEGAL}. Pure. */
    long step(long state, int op);

    /** Human-readable form of a state, for reports. */
    String describe(long state);
  }

  static boolean isRead(String f) {
    return f.equals("read") || f.equals("get");
  }
}
