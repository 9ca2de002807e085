package io.cairn.server.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.WriteSession;
import io.cairn.statemachine.Limits;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
  private static ByteString bytes(int n) {
    return ByteString.copyFrom(new byte[n]);
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static void assertReason(ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void putLimits() {
    assertReason(() -> RequestValidator.check(PutRequest.getDefaultInstance()), "EMPTY_KEY");
    assertReason(
        () -> RequestValidator.check(PutRequest.newBuilder().setKey(bytes(481)).build()),
        "KEY_TOO_LARGE");
    assertThatCode(
            () ->
                RequestValidator.check(
                    PutRequest.newBuilder()
                        .setKey(bytes(480))
                        .setValue(bytes(Limits.MAX_VALUE_BYTES))
                        .build()))
        .doesNotThrowAnyException();
    assertReason(
        () ->
            RequestValidator.check(
                PutRequest.newBuilder()
                    .setKey(utf8("k"))
                    .setValue(bytes(Limits.MAX_VALUE_BYTES + 1))
                    .build()),
        "VALUE_TOO_LARGE");
  }

  @Test
  void txnLimits() {
    RequestOp put =
        RequestOp.newBuilder()
            .setRequestPut(PutRequest.newBuilder().setKey(utf8("k")).setValue(bytes(800_000)))
            .build();
    assertReason(
        () ->
            RequestValidator.check(TxnRequest.newBuilder().addSuccess(put).addFailure(put).build()),
        "REQUEST_TOO_LARGE");
    TxnRequest.Builder many = TxnRequest.newBuilder();
    RequestOp small =
        RequestOp.newBuilder()
            .setRequestPut(PutRequest.newBuilder().setKey(utf8("k")).setValue(utf8("v")))
            .build();
    for (int i = 0; i < 64; i++) {
      many.addCompare(Compare.newBuilder().setKey(utf8("k")));
      many.addSuccess(small);
    }
    assertThatCode(() -> RequestValidator.check(many.build())).doesNotThrowAnyException();
    many.addFailure(small);
    assertReason(() -> RequestValidator.check(many.build()), "TOO_MANY_TXN_OPS");
    assertReason(
        () ->
            RequestValidator.check(
                TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build()),
        "INVALID_REQUEST");
  }

  @Test
  void rangesAndSessions() {
    assertReason(
        () ->
            RequestValidator.check(
                RangeRequest.newBuilder().setKey(utf8("b")).setRangeEnd(utf8("a")).build()),
        "INVALID_REQUEST");
    assertReason(
        () ->
            RequestValidator.check(
                RangeRequest.newBuilder().setKey(utf8("a")).setLimit(-1).build()),
        "INVALID_REQUEST");
    assertThatCode(
            () ->
                RequestValidator.check(
                    RangeRequest.newBuilder()
                        .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                        .build()))
        .doesNotThrowAnyException();
    assertReason(() -> RequestValidator.check(RangeRequest.getDefaultInstance()), "EMPTY_KEY");
    assertReason(
        () -> RequestValidator.check(DeleteRangeRequest.newBuilder().setKey(bytes(481)).build()),
        "KEY_TOO_LARGE");
    assertReason(
        () ->
            RequestValidator.check(
                PutRequest.newBuilder()
                    .setKey(utf8("k"))
                    .setSession(WriteSession.newBuilder().setId(7).setSeq(0))
                    .build()),
        "INVALID_REQUEST");
  }
}
