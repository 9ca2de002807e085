package io.cairn.statemachine;

/** Versions of the replicated log format ({@code Entry.format}). */
public final class LogFormat {
  /** {@code cairn.log.v1}: the only format this build reads and writes. */
  public static final int V1 = 1;

  private LogFormat() {}
}
