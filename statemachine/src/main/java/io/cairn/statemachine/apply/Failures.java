package io.cairn.statemachine.apply;

import io.cairn.statemachine.proto.Failure;

/** The business failures apply and reads return; reasons as in docs/errors.md. */
public final class Failures {
  public static final String COMPACTED = "COMPACTED";
  public static final String FUTURE_REVISION = "FUTURE_REVISION";
  public static final String LEASE_NOT_FOUND = "LEASE_NOT_FOUND";
  public static final String LEASE_EXISTS = "LEASE_EXISTS";

  private Failures() {}

  /**
   * Why a read at {@code revision} cannot be served when the store is at {@code current} with
   * history compacted at {@code compacted}, or null when it can (0 = latest, always fine).
   */
  public static Failure readAt(long revision, long current, long compacted) {
    if (revision > current) {
      return Failure.newBuilder()
          .setReason(FUTURE_REVISION)
          .setMessage("revision " + revision + " is above the current revision " + current)
          .build();
    }
    if (revision > 0 && revision <= compacted) {
      return compacted(revision, compacted);
    }
    return null;
  }

  public static Failure compacted(long revision, long compacted) {
    return Failure.newBuilder()
        .setReason(COMPACTED)
        .setMessage("revision " + revision + " is compacted (compacted revision " + compacted + ")")
        .setCompactRevision(compacted)
        .build();
  }

  public static Failure leaseExists(long id) {
    return Failure.newBuilder()
        .setReason(LEASE_EXISTS)
        .setMessage("lease " + id + " already exists")
        .build();
  }

  public static Failure leaseNotFound(long id) {
    return Failure.newBuilder()
        .setReason(LEASE_NOT_FOUND)
        .setMessage("lease " + id + " not found")
        .build();
  }
}
