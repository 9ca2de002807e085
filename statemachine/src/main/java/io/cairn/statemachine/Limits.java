package io.cairn.statemachine;

/** Size limits shared by the server's validation and the proposer; see docs/errors.md. */
public final class Limits {
  /** Longest user key; LMDB allows 511, the rest is headroom for future key prefixes. */
  public static final int MAX_KEY_BYTES = 480;

  /** Largest value. */
  public static final int MAX_VALUE_BYTES = 1 << 20;

  /** Largest serialized client request. */
  public static final int MAX_REQUEST_BYTES = 1_572_864;

  /** Most operations in one txn: compares, success and failure ops each count. */
  public static final int MAX_TXN_OPS = 128;

  /**
   * Largest serialized {@code Entry}; a proposer never builds a bigger one. Well below Ratis's 4 MB
   * append buffer, because an oversized entry makes the leader step down.
   */
  public static final int MAX_ENTRY_BYTES = 3 << 20;

  private Limits() {}
}
