package io.cairn.client.internal;

import com.google.common.net.HostAndPort;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.cairn.client.CairnCompactedException;
import io.cairn.client.CairnException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnSessionExpiredException;
import io.cairn.client.CairnUnavailableException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/**
 * The client half of docs/errors.md: turns a failed attempt into the exception it means and what
 * the retry loop should do next. The only place that reads gRPC statuses and {@code ErrorInfo}.
 */
public final class StatusDecoder {
  /** The {@code ErrorInfo.domain} of Cairn's errors. */
  public static final String DOMAIN = "cairn.io";

  /** What the retry loop does after a failed attempt. */
  public enum Action {
    /** Another member is the leader: retry there at once. */
    REDIRECT,
    /** Not applied: back off and retry, preferably elsewhere. */
    RETRY,
    /** The request reached a member and may have applied: back off and retry the same write. */
    RETRY_MAYBE_APPLIED,
    /** Retrying cannot help: fail the call with {@link Failure#exception()}. */
    FAIL
  }

  /**
   * A decoded failure.
   *
   * @param action what to do next
   * @param exception what to throw if this is the last word
   * @param leaderAddress the leader's client address (host:port) from a NOT_LEADER hint, or null
   */
  public record Failure(Action action, CairnException exception, String leaderAddress) {}

  private StatusDecoder() {}

  /**
   * Decodes one attempt's failure.
   *
   * @param t what the attempt failed with
   * @param sent whether the request may have left this client (a transport failure before that
   *     means it was certainly not applied)
   */
  public static Failure decode(Throwable t, boolean sent) {
    if (t instanceof CairnException e) {
      return new Failure(Action.FAIL, e, null);
    }
    if (!(t instanceof StatusRuntimeException) && !(t instanceof StatusException)) {
      return fail(new CairnIndeterminateException("INTERNAL", "client failure: " + t, t));
    }
    Status status = Status.fromThrowable(t);
    ErrorInfo info = errorInfo(t);
    String reason = info == null ? "" : info.getReason();
    Map<String, String> meta = info == null ? Map.of() : info.getMetadataMap();
    String message = message(status, reason);
    if ("COMPACTED".equals(reason)) {
      return fail(new CairnCompactedException(message, compactRevision(meta), meta, t));
    }
    if ("LEASE_NOT_FOUND".equals(reason)) {
      return fail(new CairnLeaseNotFoundException(message, meta, t));
    }
    return switch (status.getCode()) {
      case INVALID_ARGUMENT,
          NOT_FOUND,
          ALREADY_EXISTS,
          OUT_OF_RANGE,
          UNIMPLEMENTED,
          PERMISSION_DENIED,
          UNAUTHENTICATED ->
          fail(new CairnRejectedException(or(reason, status.getCode().name()), message, meta, t));
      case FAILED_PRECONDITION ->
          "SESSION_EXPIRED".equals(reason)
              ? fail(new CairnSessionExpiredException(reason, message, meta, t))
              : fail(
                  new CairnRejectedException(or(reason, "FAILED_PRECONDITION"), message, meta, t));
      case UNAVAILABLE, RESOURCE_EXHAUSTED -> {
        if (info == null) {
          // No ErrorInfo: the transport (or something in between) failed, not a Cairn member.
          yield transport("CONNECTION", message, sent, t);
        }
        String leader = "NOT_LEADER".equals(reason) ? hostPort(meta.get("leader_addr")) : null;
        yield new Failure(
            leader == null ? Action.RETRY : Action.REDIRECT,
            new CairnUnavailableException(reason, message, meta, t),
            leader);
      }
      case DEADLINE_EXCEEDED, UNKNOWN, ABORTED -> {
        if (info == null) {
          String why = status.getCode() == Status.Code.DEADLINE_EXCEEDED ? "TIMEOUT" : "CONNECTION";
          yield transport(why, message, sent, t);
        }
        // A member answered: it had the request, so the write may have been applied.
        yield new Failure(
            Action.RETRY_MAYBE_APPLIED,
            new CairnIndeterminateException(reason, message, meta, t),
            null);
      }
      case CANCELLED ->
          sent
              ? fail(new CairnIndeterminateException("CANCELLED", message, meta, t))
              : fail(new CairnUnavailableException("CANCELLED", message, meta, t));
      case INTERNAL, DATA_LOSS, OK ->
          fail(new CairnIndeterminateException(or(reason, "INTERNAL"), message, meta, t));
    };
  }

  /** A failure that says nothing about the server: what matters is whether the request left. */
  private static Failure transport(String reason, String message, boolean sent, Throwable t) {
    return sent
        ? new Failure(
            Action.RETRY_MAYBE_APPLIED, new CairnIndeterminateException(reason, message, t), null)
        : new Failure(Action.RETRY, new CairnUnavailableException(reason, message, t), null);
  }

  private static Failure fail(CairnException e) {
    return new Failure(Action.FAIL, e, null);
  }

  private static ErrorInfo errorInfo(Throwable t) {
    com.google.rpc.Status proto = StatusProto.fromThrowable(t);
    if (proto == null) {
      return null;
    }
    for (Any detail : proto.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          ErrorInfo info = detail.unpack(ErrorInfo.class);
          if (DOMAIN.equals(info.getDomain())) {
            return info;
          }
        } catch (InvalidProtocolBufferException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String message(Status status, String reason) {
    String description = status.getDescription();
    StringBuilder sb = new StringBuilder(status.getCode().name());
    if (!reason.isEmpty()) {
      sb.append(' ').append(reason);
    }
    if (description != null && !description.isEmpty()) {
      sb.append(": ").append(description);
    }
    return sb.toString();
  }

  private static long compactRevision(Map<String, String> meta) {
    try {
      return Long.parseLong(meta.getOrDefault("compact_revision", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String or(String reason, String fallback) {
    return reason.isEmpty() ? fallback : reason;
  }

  /** A well-formed host:port, or null for a missing or malformed hint. */
  static String hostPort(String address) {
    if (address == null || address.isEmpty()) {
      return null;
    }
    try {
      HostAndPort hp = HostAndPort.fromString(address);
      return hp.hasPort() && !hp.getHost().isEmpty() ? hp.toString() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
