package io.cairn.server.testing;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;

/** Reads the {@code google.rpc.ErrorInfo} a Cairn node attaches to every error status. */
public final class GrpcErrors {
  private GrpcErrors() {}

  public static Optional<ErrorInfo> errorInfo(Throwable t) {
    com.google.rpc.Status status = StatusProto.fromThrowable(t);
    if (status == null) {
      return Optional.empty();
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        try {
          return Optional.of(any.unpack(ErrorInfo.class));
        } catch (InvalidProtocolBufferException e) {
          throw new AssertionError("malformed ErrorInfo", e);
        }
      }
    }
    return Optional.empty();
  }

  /** The ErrorInfo reason of a failed call, or "" when there is none. */
  public static String reason(Throwable t) {
    return errorInfo(t).map(ErrorInfo::getReason).orElse("");
  }

  public static io.grpc.Status.Code code(Throwable t) {
    return t instanceof StatusRuntimeException e
        ? e.getStatus().getCode()
        : io.grpc.Status.fromThrowable(t).getCode();
  }
}
