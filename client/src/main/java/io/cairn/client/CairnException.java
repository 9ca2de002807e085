package io.cairn.client;

import java.util.Map;

/**
 * A Cairn operation failed. The subclass says what that means for a write; {@link #reason()} says
 * why, as the server's machine-readable reason (see docs/errors.md, e.g. {@code NOT_LEADER}) or a
 * client-side one ({@code CONNECTION}, {@code TIMEOUT}, {@code CLOSED}, {@code INTERRUPTED}).
 */
public class CairnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final Map<String, String> metadata;

  public CairnException(String reason, String message, Throwable cause) {
    this(reason, message, Map.of(), cause);
  }

  public CairnException(
      String reason, String message, Map<String, String> metadata, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.metadata = Map.copyOf(metadata);
  }

  /**
   * The machine-readable reason, e.g. {@code NOT_LEADER}, {@code KEY_TOO_LARGE}, {@code TIMEOUT}.
   */
  public String reason() {
    return reason;
  }

  /** The error's metadata from the server, e.g. {@code leader_addr}; empty when none. */
  public Map<String, String> metadata() {
    return metadata;
  }
}
