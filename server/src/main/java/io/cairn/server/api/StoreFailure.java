package io.cairn.server.api;

import io.cairn.statemachine.proto.Failure;

/**
 * A business failure the state machine reported as a result (nothing was applied, or a read could
 * not be served): COMPACTED, FUTURE_REVISION, LEASE_NOT_FOUND, LEASE_EXISTS. {@link ErrorMapper}
 * turns its reason into the status of docs/errors.md.
 */
public final class StoreFailure extends RuntimeException {
  public static final String COMPACTED = "COMPACTED";
  public static final String FUTURE_REVISION = "FUTURE_REVISION";
  public static final String LEASE_NOT_FOUND = "LEASE_NOT_FOUND";
  public static final String LEASE_EXISTS = "LEASE_EXISTS";

  private final String reason;
  private final long compactRevision;

  public StoreFailure(String reason, String message, long compactRevision) {
    super(message, null, false, false);
    this.reason = reason;
    this.compactRevision = compactRevision;
  }

  public static StoreFailure of(Failure f) {
    String message = f.getMessage().isEmpty() ? f.getReason() : f.getMessage();
    return new StoreFailure(f.getReason(), message, f.getCompactRevision());
  }

  /** The ErrorInfo reason, e.g. COMPACTED. */
  public String reason() {
    return reason;
  }

  /** For COMPACTED: the compacted revision. */
  public long compactRevision() {
    return compactRevision;
  }
}
