package io.cairn.server.membership;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** A membership change refused before or by Raft: nothing changed; the reason says why. */
public final class MembershipRefusal extends RuntimeException {
  static final String DOMAIN = "cairn.io";

  private final Status.Code code;
  private final String reason;

  MembershipRefusal(Status.Code code, String reason, String message) {
    super(message, null, false, false);
    this.code = code;
    this.reason = reason;
  }

  static MembershipRefusal precondition(String reason, String message) {
    return new MembershipRefusal(Status.Code.FAILED_PRECONDITION, reason, message);
  }

  public String reason() {
    return reason;
  }

  /** The status a client receives (passes through ErrorMapper unchanged). */
  public StatusRuntimeException toStatus() {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(getMessage())
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setDomain(DOMAIN).setReason(reason).build()))
            .build());
  }
}
