package io.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.cairn.server.replication.ReplicationFailure;
import io.cairn.server.replication.ReplicationFailure.Kind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  private final ErrorMapper mapper =
      new ErrorMapper("n1", id -> Optional.ofNullable(Map.of("n2", "127.0.0.1:7002").get(id)));

  private static ErrorInfo info(StatusRuntimeException e) throws InvalidProtocolBufferException {
    com.google.rpc.Status s = StatusProto.fromThrowable(e);
    for (Any any : s.getDetailsList()) {
      if (any.is(ErrorInfo.class)) {
        return any.unpack(ErrorInfo.class);
      }
    }
    throw new AssertionError("no ErrorInfo in " + s);
  }

  @Test
  void notLeaderCarriesTheLeadersClientAddress() throws Exception {
    StatusRuntimeException e =
        mapper.toStatus(
            new CompletionException(new ReplicationFailure(Kind.NOT_LEADER, "ask n2", "n2")));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(info(e).getDomain()).isEqualTo("cairn.io");
    assertThat(info(e).getReason()).isEqualTo("NOT_LEADER");
    assertThat(info(e).getMetadataMap())
        .containsEntry("leader_id", "n2")
        .containsEntry("leader_addr", "127.0.0.1:7002");
  }

  @Test
  void everyKindFollowsTheTable() throws Exception {
    Map<Kind, Status.Code> codes =
        Map.of(
            Kind.NO_LEADER, Status.Code.UNAVAILABLE,
            Kind.NOT_READY, Status.Code.UNAVAILABLE,
            Kind.REPLICA_BEHIND, Status.Code.UNAVAILABLE,
            Kind.OVERLOADED, Status.Code.RESOURCE_EXHAUSTED,
            Kind.LEADERSHIP_LOST, Status.Code.UNKNOWN,
            Kind.TIMEOUT, Status.Code.DEADLINE_EXCEEDED,
            Kind.INTERNAL, Status.Code.INTERNAL);
    for (Map.Entry<Kind, Status.Code> row : codes.entrySet()) {
      StatusRuntimeException e =
          mapper.toStatus(new ReplicationFailure(row.getKey(), "message", null));
      assertThat(e.getStatus().getCode()).as(row.getKey().name()).isEqualTo(row.getValue());
      assertThat(info(e).getReason()).isEqualTo(row.getKey().name());
    }
  }

  @Test
  void invalidRequestsAndSessionsAndSurprises() throws Exception {
    StatusRuntimeException invalid =
        mapper.toStatus(new InvalidRequestException("KEY_TOO_LARGE", "the key has 481 bytes"));
    assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(info(invalid).getReason()).isEqualTo("KEY_TOO_LARGE");
    assertThat(invalid.getStatus().getDescription()).isEqualTo("the key has 481 bytes");

    StatusRuntimeException expired = mapper.sessionExpired("seq 3 of session 9 is gone");
    assertThat(expired.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(info(expired).getReason()).isEqualTo("SESSION_EXPIRED");

    StatusRuntimeException surprise = mapper.toStatus(new NullPointerException("boom"));
    assertThat(surprise.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(surprise.getStatus().getDescription())
        .doesNotContain("NullPointerException")
        .doesNotContain("boom");
  }
}
