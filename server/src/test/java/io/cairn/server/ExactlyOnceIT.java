package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.Compare;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.KeyValue;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RequestOp;
import io.cairn.api.v1.TxnRequest;
import io.cairn.api.v1.TxnResponse;
import io.cairn.api.v1.WriteSession;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write retried with the same (session, seq) applies once; redirects name the leader. */
class ExactlyOnceIT {
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

  private static KVGrpc.KVBlockingStub kv(String id) {
    return KVGrpc.newBlockingStub(cluster.channel(id)).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static KVGrpc.KVBlockingStub leaderKv() {
    return kv(cluster.awaitLeaderReady().nodeId());
  }

  private static WriteSession session(long id, long seq, long firstIncomplete) {
    return WriteSession.newBuilder()
        .setId(id)
        .setSeq(seq)
        .setFirstIncompleteSeq(firstIncomplete)
        .build();
  }

  private static long newSessionId() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  private static KeyValue get(String key) {
    return leaderKv()
        .range(RangeRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).build())
        .getKvs(0);
  }

  @Test
  void retriedPutReturnsTheSameAnswerAndAppliesOnce() {
    long sid = newSessionId();
    PutRequest put =
        PutRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("eo/put"))
            .setValue(ByteString.copyFromUtf8("v1"))
            .setPrevKv(true)
            .setSession(session(sid, 1, 1))
            .build();
    PutResponse first = leaderKv().put(put);
    PutResponse second = leaderKv().put(put);

    assertThat(second.getHeader().getRevision()).isEqualTo(first.getHeader().getRevision());
    assertThat(second.getPrevKv()).isEqualTo(first.getPrevKv());
    KeyValue kv = get("eo/put");
    assertThat(kv.getVersion()).isEqualTo(1);
    assertThat(kv.getModRevision()).isEqualTo(first.getHeader().getRevision());
  }

  @Test
  void retriedCompareAndSwapIncrementsOnce() {
    long sid = newSessionId();
    ByteString counter = ByteString.copyFromUtf8("eo/counter");
    TxnRequest increment =
        TxnRequest.newBuilder()
            .addCompare(
                Compare.newBuilder()
                    .setKey(counter)
                    .setTarget(Compare.CompareTarget.MOD)
                    .setResult(Compare.CompareResult.EQUAL)
                    .setModRevision(0))
            .addSuccess(
                RequestOp.newBuilder()
                    .setRequestPut(
                        PutRequest.newBuilder()
                            .setKey(counter)
                            .setValue(ByteString.copyFromUtf8("1"))))
            .setSession(session(sid, 1, 1))
            .build();
    TxnResponse first = leaderKv().txn(increment);
    TxnResponse retry = leaderKv().txn(increment);

    assertThat(first.getSucceeded()).isTrue();
    assertThat(retry.getSucceeded()).isTrue();
    assertThat(retry.getHeader().getRevision()).isEqualTo(first.getHeader().getRevision());
    KeyValue kv = get("eo/counter");
    assertThat(kv.getValue().toStringUtf8()).isEqualTo("1");
    assertThat(kv.getVersion()).isEqualTo(1);
    assertThat(kv.getModRevision()).isEqualTo(first.getHeader().getRevision());
  }

  @Test
  void aSeqBelowFirstIncompleteIsReportedAsExpired() {
    long sid = newSessionId();
    PutRequest seq1 =
        PutRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("eo/a"))
            .setValue(ByteString.copyFromUtf8("a"))
            .setSession(session(sid, 1, 1))
            .build();
    leaderKv().put(seq1);
    leaderKv()
        .put(
            PutRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("eo/b"))
                .setValue(ByteString.copyFromUtf8("b"))
                .setSession(session(sid, 2, 2))
                .build());

    assertThatThrownBy(() -> leaderKv().put(seq1))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(GrpcErrors.reason(e)).isEqualTo("SESSION_EXPIRED");
            });
    assertThat(get("eo/a").getVersion()).isEqualTo(1);
  }

  @Test
  void aWriteToAFollowerIsRedirectedToTheLeader() {
    CairnServer leader = cluster.awaitLeaderReady();
    String follower = cluster.followers().get(0).nodeId();
    await().until(() -> cluster.server(follower).leaderId().isPresent());
    PutRequest put =
        PutRequest.newBuilder()
            .setKey(ByteString.copyFromUtf8("eo/redirect"))
            .setValue(ByteString.copyFromUtf8("x"))
            .build();

    assertThatThrownBy(() -> kv(follower).put(put))
        .satisfies(
            e -> {
              assertThat(GrpcErrors.code(e)).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(GrpcErrors.reason(e)).isEqualTo("NOT_LEADER");
              assertThat(GrpcErrors.errorInfo(e).orElseThrow().getMetadataMap())
                  .containsEntry("leader_id", leader.nodeId())
                  .containsEntry("leader_addr", cluster.clientEndpoint(leader.nodeId()));
            });
  }
}
