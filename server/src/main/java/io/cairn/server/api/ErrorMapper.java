package io.cairn.server.api;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.ReplicationFailure;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * THE error table (docs/errors.md): every failure a node reports to a client passes through here
 * and becomes a gRPC status plus a {@code google.rpc.ErrorInfo} (domain {@value #DOMAIN}) with a
 * reason and, for redirects, the leader's id and client address. Descriptions are one sentence;
 * stack traces and class names stay in the server log.
 */
public final class ErrorMapper {
  public static final String DOMAIN = "cairn.io";
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final String memberId;
  private final Function<String, Optional<String>> clientAddressOf;

  public ErrorMapper(RaftMember member) {
    this(member.memberId(), member::clientAddressOf);
  }

  /**
   * @param memberId this member's id, for log lines and descriptions
   * @param clientAddressOf member id to client address, for NOT_LEADER redirects
   */
  public ErrorMapper(String memberId, Function<String, Optional<String>> clientAddressOf) {
    this.memberId = memberId;
    this.clientAddressOf = clientAddressOf;
  }

  /** Maps any failure of a request to the status the client receives. */
  public StatusRuntimeException toStatus(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof InvalidRequestException e) {
      return status(Status.Code.INVALID_ARGUMENT, e.reason(), e.getMessage(), null);
    }
    if (t instanceof ReplicationFailure f) {
      return replication(f);
    }
    if (t instanceof StoreFailure f) {
      return store(f);
    }
    if (t instanceof StatusRuntimeException e) {
      return e;
    }
    LOG.error("[{}] unexpected error serving a request", memberId, t);
    return status(Status.Code.INTERNAL, "INTERNAL", "internal error on member " + memberId, null);
  }

  /** The stored answer for a retried (session, seq) is gone. */
  public StatusRuntimeException sessionExpired(String message) {
    return status(
        Status.Code.FAILED_PRECONDITION,
        "SESSION_EXPIRED",
        message.isEmpty() ? "the session no longer holds the answer for this seq" : message,
        null);
  }

  private StatusRuntimeException store(StoreFailure f) {
    return switch (f.reason()) {
      case StoreFailure.COMPACTED -> {
        ErrorInfo.Builder info =
            info(f.reason()).putMetadata("compact_revision", Long.toString(f.compactRevision()));
        yield status(Status.Code.FAILED_PRECONDITION, info, f.getMessage());
      }
      case StoreFailure.FUTURE_REVISION ->
          status(Status.Code.OUT_OF_RANGE, f.reason(), f.getMessage(), null);
      case StoreFailure.LEASE_NOT_FOUND ->
          status(Status.Code.NOT_FOUND, f.reason(), f.getMessage(), null);
      case StoreFailure.LEASE_EXISTS ->
          status(Status.Code.FAILED_PRECONDITION, f.reason(), f.getMessage(), null);
      default -> {
        LOG.error("[{}] unknown store failure {}: {}", memberId, f.reason(), f.getMessage());
        yield status(
            Status.Code.INTERNAL, "INTERNAL", "internal error on member " + memberId, null);
      }
    };
  }

  private StatusRuntimeException replication(ReplicationFailure f) {
    return switch (f.kind()) {
      case NOT_LEADER ->
          status(Status.Code.UNAVAILABLE, "NOT_LEADER", f.getMessage(), f.leaderId().orElse(null));
      case NO_LEADER -> status(Status.Code.UNAVAILABLE, "NO_LEADER", f.getMessage(), null);
      case NOT_READY -> status(Status.Code.UNAVAILABLE, "NOT_READY", f.getMessage(), null);
      case REPLICA_BEHIND ->
          status(Status.Code.UNAVAILABLE, "REPLICA_BEHIND", f.getMessage(), null);
      case OVERLOADED -> status(Status.Code.RESOURCE_EXHAUSTED, "OVERLOADED", f.getMessage(), null);
      case LEADERSHIP_LOST ->
          status(Status.Code.UNKNOWN, "LEADERSHIP_LOST", f.getMessage(), f.leaderId().orElse(null));
      case TIMEOUT -> status(Status.Code.DEADLINE_EXCEEDED, "TIMEOUT", f.getMessage(), null);
      case INTERNAL -> {
        LOG.error("[{}] internal replication error", memberId, f.getCause());
        yield status(Status.Code.INTERNAL, "INTERNAL", f.getMessage(), null);
      }
    };
  }

  private StatusRuntimeException status(
      Status.Code code, String reason, String message, String leaderId) {
    ErrorInfo.Builder info = info(reason);
    if (leaderId != null) {
      info.putMetadata("leader_id", leaderId);
      clientAddressOf.apply(leaderId).ifPresent(a -> info.putMetadata("leader_addr", a));
    }
    return status(code, info, message);
  }

  private static ErrorInfo.Builder info(String reason) {
    return ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason);
  }

  private static StatusRuntimeException status(
      Status.Code code, ErrorInfo.Builder info, String message) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(Any.pack(info.build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
