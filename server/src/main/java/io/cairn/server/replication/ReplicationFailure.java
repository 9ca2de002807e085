package io.cairn.server.replication;

import java.util.Optional;

/**
 * Why a proposal or a read failed. The kind decides what a client may assume about a write; the api
 * layer turns it into a gRPC status (docs/errors.md). Messages are one human sentence.
 */
public final class ReplicationFailure extends RuntimeException {

  /** Failure kinds, each one row of the error table. */
  public enum Kind {
    /** This member is not the leader; a leader is known. Definitely not applied. */
    NOT_LEADER,
    /** No leader is known. Definitely not applied. */
    NO_LEADER,
    /** This member is starting, stopping or not yet ready. Definitely not applied. */
    NOT_READY,
    /** Too many pending requests. Definitely not applied. */
    OVERLOADED,
    /** A serializable read found this member behind the requested revision. */
    REPLICA_BEHIND,
    /** The write was proposed and then leadership changed: it may have applied. */
    LEADERSHIP_LOST,
    /** The write was proposed and no answer came in time: it may have applied. */
    TIMEOUT,
    /** Anything unexpected: it may have applied. */
    INTERNAL
  }

  private final Kind kind;
  private final String leaderId;

  public ReplicationFailure(Kind kind, String message, String leaderId) {
    this(kind, message, leaderId, null);
  }

  public ReplicationFailure(Kind kind, String message, String leaderId, Throwable cause) {
    // Expected failures carry no stack trace: they are frequent under churn and say all.
    super(message, cause, false, kind == Kind.INTERNAL);
    this.kind = kind;
    this.leaderId = leaderId;
  }

  public Kind kind() {
    return kind;
  }

  /** The leader's member id when known. */
  public Optional<String> leaderId() {
    return Optional.ofNullable(leaderId);
  }
}
