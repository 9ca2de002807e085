package io.cairn.server.api;

/** A request rejected before proposing: INVALID_ARGUMENT with an ErrorInfo reason. */
public final class InvalidRequestException extends RuntimeException {
  private final String reason;

  public InvalidRequestException(String reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The ErrorInfo reason, e.g. KEY_TOO_LARGE. */
  public String reason() {
    return reason;
  }
}
