package io.cairn.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.cairn.client.CairnCompactedException;
import io.cairn.client.CairnException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnSessionExpiredException;
import io.cairn.client.CairnUnavailableException;
import io.cairn.client.internal.StatusDecoder.Action;
import io.cairn.client.internal.StatusDecoder.Failure;
import io.grpc.Status;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.net.ConnectException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of docs/errors.md, as the server sends it, decodes to the documented exception. */
class StatusDecoderTest {

  static StatusRuntimeException cairn(Code code, String reason, Map<String, String> meta) {
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage("one human sentence")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setDomain("cairn.io")
                        .setReason(reason)
                        .putAllMetadata(meta)
                        .build()))
            .build());
  }

  static Stream<Arguments> errorTable() {
    return Stream.of(
        row(Code.INVALID_ARGUMENT, "EMPTY_KEY", CairnRejectedException.class, Action.FAIL),
        row(Code.INVALID_ARGUMENT, "KEY_TOO_LARGE", CairnRejectedException.class, Action.FAIL),
        row(Code.INVALID_ARGUMENT, "VALUE_TOO_LARGE", CairnRejectedException.class, Action.FAIL),
        row(Code.INVALID_ARGUMENT, "REQUEST_TOO_LARGE", CairnRejectedException.class, Action.FAIL),
        row(Code.INVALID_ARGUMENT, "TOO_MANY_TXN_OPS", CairnRejectedException.class, Action.FAIL),
        row(Code.INVALID_ARGUMENT, "INVALID_REQUEST", CairnRejectedException.class, Action.FAIL),
        row(Code.UNAVAILABLE, "NOT_LEADER", CairnUnavailableException.class, Action.RETRY),
        row(Code.UNAVAILABLE, "NO_LEADER", CairnUnavailableException.class, Action.RETRY),
        row(Code.UNAVAILABLE, "NOT_READY", CairnUnavailableException.class, Action.RETRY),
        row(Code.UNAVAILABLE, "REPLICA_BEHIND", CairnUnavailableException.class, Action.RETRY),
        row(Code.RESOURCE_EXHAUSTED, "OVERLOADED", CairnUnavailableException.class, Action.RETRY),
        row(
            Code.UNKNOWN,
            "LEADERSHIP_LOST",
            CairnIndeterminateException.class,
            Action.RETRY_MAYBE_APPLIED),
        row(
            Code.DEADLINE_EXCEEDED,
            "TIMEOUT",
            CairnIndeterminateException.class,
            Action.RETRY_MAYBE_APPLIED),
        row(
            Code.FAILED_PRECONDITION,
            "SESSION_EXPIRED",
            CairnSessionExpiredException.class,
            Action.FAIL),
        row(Code.FAILED_PRECONDITION, "COMPACTED", CairnCompactedException.class, Action.FAIL),
        row(Code.OUT_OF_RANGE, "FUTURE_REVISION", CairnRejectedException.class, Action.FAIL),
        row(Code.NOT_FOUND, "LEASE_NOT_FOUND", CairnLeaseNotFoundException.class, Action.FAIL),
        row(Code.FAILED_PRECONDITION, "LEASE_EXISTS", CairnRejectedException.class, Action.FAIL),
        row(Code.INTERNAL, "INTERNAL", CairnIndeterminateException.class, Action.FAIL));
  }

  private static Arguments row(
      Code code, String reason, Class<? extends CairnException> type, Action action) {
    return Arguments.of(code, reason, type, action);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("errorTable")
  void decodesEveryRowOfTheErrorTable(
      Code code, String reason, Class<? extends CairnException> type, Action action) {
    // A member answered, so the request was sent; the row decides regardless.
    for (boolean sent : new boolean[] {true, false}) {
      Failure f = StatusDecoder.decode(cairn(code, reason, Map.of()), sent);
      assertThat(f.exception()).isExactlyInstanceOf(type);
      assertThat(f.exception().reason()).isEqualTo(reason);
      assertThat(f.exception().getMessage()).contains("one human sentence");
      assertThat(f.action()).isEqualTo(action);
      assertThat(f.leaderAddress()).isNull();
    }
  }

  @Test
  void compactedCarriesTheCompactRevision() {
    Failure f =
        StatusDecoder.decode(
            cairn(Code.FAILED_PRECONDITION, "COMPACTED", Map.of("compact_revision", "42")), true);
    assertThat(((CairnCompactedException) f.exception()).compactRevision()).isEqualTo(42);
    assertThat(f.exception()).isInstanceOf(CairnRejectedException.class);
  }

  @Test
  void notLeaderWithAnAddressRedirectsThere() {
    Failure f =
        StatusDecoder.decode(
            cairn(Code.UNAVAILABLE, "NOT_LEADER", Map.of("leader_id", "n2", "leader_addr", "h2:7")),
            true);
    assertThat(f.action()).isEqualTo(Action.REDIRECT);
    assertThat(f.leaderAddress()).isEqualTo("h2:7");
    assertThat(f.exception()).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(f.exception().metadata()).containsEntry("leader_id", "n2");
  }

  @Test
  void aMalformedLeaderAddressIsNoHint() {
    Failure f =
        StatusDecoder.decode(
            cairn(Code.UNAVAILABLE, "NOT_LEADER", Map.of("leader_addr", "no port")), true);
    assertThat(f.action()).isEqualTo(Action.RETRY);
    assertThat(f.leaderAddress()).isNull();
  }

  @Test
  void aConnectionFailureBeforeSendingIsUnavailable() {
    StatusRuntimeException refused =
        Status.UNAVAILABLE
            .withDescription("io exception")
            .withCause(new ConnectException("Connection refused"))
            .asRuntimeException();
    Failure f = StatusDecoder.decode(refused, false);
    assertThat(f.exception()).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(f.exception().reason()).isEqualTo("CONNECTION");
    assertThat(f.action()).isEqualTo(Action.RETRY);
  }

  @Test
  void aConnectionLostAfterSendingIsIndeterminate() {
    StatusRuntimeException lost =
        Status.UNAVAILABLE
            .withDescription("Network closed for unknown reason")
            .asRuntimeException();
    Failure f = StatusDecoder.decode(lost, true);
    assertThat(f.exception()).isExactlyInstanceOf(CairnIndeterminateException.class);
    assertThat(f.exception().reason()).isEqualTo("CONNECTION");
    assertThat(f.action()).isEqualTo(Action.RETRY_MAYBE_APPLIED);
  }

  @Test
  void anAttemptDeadlineIsIndeterminateOnlyIfTheRequestWasSent() {
    StatusRuntimeException deadline = Status.DEADLINE_EXCEEDED.asRuntimeException();
    assertThat(StatusDecoder.decode(deadline, true).exception())
        .isExactlyInstanceOf(CairnIndeterminateException.class);
    Failure unsent = StatusDecoder.decode(deadline, false);
    assertThat(unsent.exception()).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(unsent.exception().reason()).isEqualTo("TIMEOUT");
    assertThat(unsent.action()).isEqualTo(Action.RETRY);
  }

  @Test
  void errorInfoFromAnotherDomainIsIgnored() {
    StatusRuntimeException foreign =
        StatusProto.toStatusRuntimeException(
            com.google.rpc.Status.newBuilder()
                .setCode(Code.INVALID_ARGUMENT.value())
                .addDetails(
                    Any.pack(ErrorInfo.newBuilder().setDomain("other").setReason("X").build()))
                .build());
    Failure f = StatusDecoder.decode(foreign, true);
    assertThat(f.exception()).isExactlyInstanceOf(CairnRejectedException.class);
    assertThat(f.exception().reason()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  void anythingUnexpectedIsIndeterminateAndFinal() {
    Failure f = StatusDecoder.decode(new IllegalStateException("bug"), true);
    assertThat(f.exception()).isExactlyInstanceOf(CairnIndeterminateException.class);
    assertThat(f.action()).isEqualTo(Action.FAIL);
    assertThat(StatusDecoder.decode(Status.DATA_LOSS.asRuntimeException(), true).action())
        .isEqualTo(Action.FAIL);
  }
}
