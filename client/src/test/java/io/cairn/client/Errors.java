package io.cairn.client;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;

/** Builds statuses the way a Cairn member sends them (docs/errors.md). */
final class Errors {
  private Errors() {}

  static StatusRuntimeException cairn(Status.Code code, String reason) {
    return cairn(code, reason, Map.of());
  }

  static StatusRuntimeException cairn(Status.Code code, String reason, Map<String, String> meta) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage("fake " + reason)
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setDomain("cairn.io")
                        .setReason(reason)
                        .putAllMetadata(meta)
                        .build()))
            .build());
  }

  static StatusRuntimeException notLeader(String leaderAddr) {
    return cairn(
        Status.Code.UNAVAILABLE,
        "NOT_LEADER",
        Map.of("leader_id", "n?", "leader_addr", leaderAddr));
  }
}
