package io.cairn.cli;

/**
 * The one exit-code table of every {@code cairn} command (and of a piped {@code cairn shell}).
 * Codes never overlap: a script can tell "not there" from "not reachable" from "maybe applied".
 */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;

  /**
   * The key (or no key in the range) was not found, {@code del} deleted nothing, or the lease named
   * does not exist (any more).
   */
  public static final int NOT_FOUND = 1;

  /** Bad flags, arguments or configuration; nothing was sent. */
  public static final int USAGE = 2;

  /** No member could serve the request in time; a write was definitely not applied. */
  public static final int UNAVAILABLE = 3;

  /**
   * The cluster refused the request (over a limit, malformed, a revision that is compacted or in
   * the future); nothing was applied.
   */
  public static final int REJECTED = 4;

  /** The write may or may not have been applied (leader lost, deadline passed after sending). */
  public static final int UNKNOWN_OUTCOME = 5;

  /** A {@code txn} ran but its comparison was false, so the else branch ran. */
  public static final int COMPARE_FAILED = 6;

  /** A node or local cluster could not start or stop, or an unexpected local error. */
  public static final int FAILED = 7;

  private ExitCode() {}
}
