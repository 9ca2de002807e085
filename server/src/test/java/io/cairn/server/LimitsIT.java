package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.ClusterGrpc;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.StatusRequest;
import io.cairn.api.v1.TxnRequest;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.cairn.statemachine.Limits;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every limit of docs/errors.md is rejected before proposing, and nothing changes. */
class LimitsIT {
  @TempDir static Path tmp;
  static InProcessCluster cluster;

  @BeforeAll
  static void start() {
    cluster = InProcessCluster.start(3, tmp);
    cluster.awaitLeaderReady();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ByteString bytes(int n) {
    return ByteString.copyFrom(new byte[n]);
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static void assertRejected(ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(GrpcErrors.reason(e)).isEqualTo(reason);
            });
  }

  @Test
  void limitsAreRejectedWithTheirReasonAndChangeNothing() {
    String leader = cluster.awaitLeaderReady().nodeId();
    KVGrpc.KVBlockingStub kv =
        KVGrpc.newBlockingStub(cluster.channel(leader)).withDeadlineAfter(30, TimeUnit.SECONDS);
    ClusterGrpc.ClusterBlockingStub clusterApi =
        ClusterGrpc.newBlockingStub(cluster.channel(leader));
    long revisionBefore =
        clusterApi.status(StatusRequest.getDefaultInstance()).getHeader().getRevision();

    assertRejected(
        () -> kv.put(PutRequest.newBuilder().setKey(ByteString.EMPTY).setValue(utf8("v")).build()),
        "EMPTY_KEY");
    assertRejected(
        () ->
            kv.put(
                PutRequest.newBuilder()
                    .setKey(bytes(Limits.MAX_KEY_BYTES + 1))
                    .setValue(utf8("v"))
                    .build()),
        "KEY_TOO_LARGE");
    assertRejected(
        () ->
            kv.put(
                PutRequest.newBuilder()
                    .setKey(utf8("big"))
                    .setValue(bytes(Limits.MAX_VALUE_BYTES + 1))
                    .build()),
        "VALUE_TOO_LARGE");
    RequestOp bigPut =
        RequestOp.newBuilder()
            .setRequestPut(PutRequest.newBuilder().setKey(utf8("big")).setValue(bytes(820_000)))
            .build();
    assertRejected(
        () -> kv.txn(TxnRequest.newBuilder().addSuccess(bigPut).addFailure(bigPut).build()),
        "REQUEST_TOO_LARGE");
    TxnRequest.Builder tooMany = TxnRequest.newBuilder();
    for (int i = 0; i <= Limits.MAX_TXN_OPS; i++) {
      if (i % 2 == 0) {
        tooMany.addCompare(Compare.newBuilder().setKey(utf8("k" + i)));
      } else {
        tooMany.addSuccess(
            RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(utf8("k" + i)).setValue(utf8("v"))));
      }
    }
    assertThat(tooMany.getCompareCount() + tooMany.getSuccessCount() + tooMany.getFailureCount())
        .isEqualTo(Limits.MAX_TXN_OPS + 1);
    assertRejected(() -> kv.txn(tooMany.build()), "TOO_MANY_TXN_OPS");
    assertRejected(
        () -> kv.range(RangeRequest.newBuilder().setKey(utf8("b")).setRangeEnd(utf8("a")).build()),
        "INVALID_REQUEST");

    long revisionAfter =
        clusterApi.status(StatusRequest.getDefaultInstance()).getHeader().getRevision();
    assertThat(revisionAfter).isEqualTo(revisionBefore);
    long keys =
        kv.range(
                RangeRequest.newBuilder()
                    .setKey(ByteString.EMPTY)
                    .setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                    .setCountOnly(true)
                    .build())
            .getCount();
    assertThat(keys).isZero();
  }
}
