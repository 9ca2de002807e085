package io.cairn.client;

import static io.cairn.client.Futures.failure;
import static io.cairn.client.Futures.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.Compare.CompareResult;
import io.cairn.api.v1.Compare.CompareTarget;
import io.cairn.api.v1.DeleteRangeRequest;
import io.cairn.api.v1.DeleteRangeResponse;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.ResponseOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.TxnResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TxnTest {
  private static final Bytes A = Bytes.utf8("a");
  private static final Bytes B = Bytes.utf8("b");

  private static ByteString bs(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static Txn offline() {
    return new Txn(r -> CompletableFuture.failedFuture(new AssertionError("not sent")));
  }

  @Test
  void theBuilderProducesTheExpectedRequestAndAppendsOnRepeatedCalls() {
    TxnRequest request =
        offline()
            .when(Cmp.value(A).equal(B), Cmp.version(B).equal(0))
            .when(List.of(Cmp.modRevision(A).less(5), Cmp.createRevision(A).greater(1)))
            .then(Op.put(A, B, PutOptions.builder().prevKv(true).build()))
            .then(List.of(Op.delete(B)))
            .otherwise(Op.get(A, GetOptions.builder().prefix(true).build()))
            .toRequest();

    assertThat(request)
        .isEqualTo(
            TxnRequest.newBuilder()
                .addCompare(
                    Compare.newBuilder()
                        .setKey(bs("a"))
                        .setTarget(CompareTarget.VALUE)
                        .setResult(CompareResult.EQUAL)
                        .setValue(bs("b")))
                .addCompare(
                    Compare.newBuilder()
                        .setKey(bs("b"))
                        .setTarget(CompareTarget.VERSION)
                        .setResult(CompareResult.EQUAL)
                        .setVersion(0))
                .addCompare(
                    Compare.newBuilder()
                        .setKey(bs("a"))
                        .setTarget(CompareTarget.MOD)
                        .setResult(CompareResult.LESS)
                        .setModRevision(5))
                .addCompare(
                    Compare.newBuilder()
                        .setKey(bs("a"))
                        .setTarget(CompareTarget.CREATE)
                        .setResult(CompareResult.GREATER)
                        .setCreateRevision(1))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestPut(
                            PutRequest.newBuilder()
                                .setKey(bs("a"))
                                .setValue(bs("b"))
                                .setPrevKv(true)))
                .addSuccess(
                    RequestOp.newBuilder()
                        .setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(bs("b"))))
                .addFailure(
                    RequestOp.newBuilder()
                        .setRequestRange(
                            RangeRequest.newBuilder().setKey(bs("a")).setRangeEnd(bs("b"))))
                .build());
  }

  @Test
  void aVersionCompareHasItsOperandSetEvenWhenZero() {
    Compare c = offline().when(Cmp.version(A).equal(0)).toRequest().getCompare(0);
    assertThat(c.getTargetUnionCase()).isEqualTo(Compare.TargetUnionCase.VERSION);
  }

  @Test
  void moreThan128OpsAreRejectedWithoutSending() throws Exception {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      ops.add(Op.put(A, B));
    }
    Txn atLimit = new Txn(r -> CompletableFuture.completedFuture(null)).then(ops);
    assertThat(value(atLimit.commit())).isNull();

    Txn over = offline().then(ops).when(Cmp.version(A).equal(0));
    Throwable e = failure(over.commit());
    assertThat(e).isExactlyInstanceOf(CairnRejectedException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("TOO_MANY_TXN_OPS");
  }

  @Test
  void commitSendsTheRequestWithASessionAndDecodesEachResult() throws Exception {
    try (FakeCluster cluster = new FakeCluster(1)) {
      FakeMember n1 = cluster.member(1);
      io.cairn.api.v1.KeyValue kv =
          io.cairn.api.v1.KeyValue.newBuilder()
              .setKey(bs("a"))
              .setValue(bs("old"))
              .setCreateRevision(1)
              .setModRevision(2)
              .setVersion(2)
              .build();
      n1.replies.add(
          TxnResponse.newBuilder()
              .setHeader(FakeMember.header(12))
              .setSucceeded(false)
              .addResponses(
                  ResponseOp.newBuilder()
                      .setResponseRange(RangeResponse.newBuilder().addKvs(kv).setCount(1)))
              .addResponses(
                  ResponseOp.newBuilder().setResponsePut(PutResponse.newBuilder().setPrevKv(kv)))
              .addResponses(
                  ResponseOp.newBuilder()
                      .setResponseDeleteRange(DeleteRangeResponse.newBuilder().setDeleted(1)))
              .build());
      CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

      TxnResult r =
          value(
              client
                  .txn()
                  .when(Cmp.value(A).equal(B))
                  .otherwise(Op.get(A), Op.put(A, B), Op.delete(A))
                  .commit());

      KeyValue old = new KeyValue(A, Bytes.utf8("old"), 1, 2, 2);
      ResponseHeader h = new ResponseHeader("c1", "m", 12, 3, "n1");
      assertThat(r.succeeded()).isFalse();
      assertThat(r.header()).isEqualTo(h);
      assertThat(r.results())
          .containsExactly(
              new GetResult(h, List.of(old), false, 1),
              new PutResult(h, java.util.Optional.of(old)),
              new DeleteResult(h, 1, List.of()));
      TxnRequest sent = n1.requests(TxnRequest.class).get(0);
      assertThat(sent.getSession().getId()).isNotZero();
      assertThat(sent.getSession().getSeq()).isEqualTo(1);
      assertThat(sent.getFailureCount()).isEqualTo(3);
    }
  }
}
