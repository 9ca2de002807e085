package io.cairn.client;

import static io.cairn.client.Futures.failure;
import static io.cairn.client.Futures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.RangeRequest;
import io.cairn.api.v1.RangeResponse;
import io.cairn.api.v1.WriteSession;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GrpcCairnClientTest {
  private static final Bytes K = Bytes.utf8("k");
  private static final Bytes V = Bytes.utf8("v");
  // Deadlines that must allow a few attempts even on a loaded 2-core CI machine.
  private static final Duration SHORT = Duration.ofSeconds(2);

  private FakeCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = new FakeCluster(3);
  }

  @AfterEach
  void stop() throws Exception {
    cluster.close();
  }

  private static WriteSession session(FakeMember m, int i) {
    return m.requests(PutRequest.class).get(i).getSession();
  }

  @Test
  void putCarriesANonZeroSessionAndIncreasingSeqs() throws Exception {
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);
    PutResult r = value(client.put(K, V));
    value(client.put(K, V));

    assertThat(r.header().revision()).isEqualTo(7);
    FakeMember n1 = cluster.member(1);
    assertThat(n1.requests(PutRequest.class)).hasSize(2);
    assertThat(session(n1, 0).getId()).isNotZero().isEqualTo(session(n1, 1).getId());
    assertThat(session(n1, 0).getSeq()).isEqualTo(1);
    assertThat(session(n1, 1).getSeq()).isEqualTo(2);
    assertThat(n1.requests(PutRequest.class).get(0).getKey())
        .isEqualTo(ByteString.copyFromUtf8("k"));
  }

  @Test
  void followsTheNotLeaderHintToAnotherEndpoint() throws Exception {
    FakeMember n1 = cluster.member(1);
    FakeMember n2 = cluster.member(2);
    n1.fallback = req -> Errors.notLeader(n2.endpoint());
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    value(client.put(K, V));
    value(client.put(K, V));

    assertThat(n1.requests(PutRequest.class)).hasSize(1);
    assertThat(n2.requests(PutRequest.class)).hasSize(2);
    // The redirected attempt is the same write: same session and seq.
    assertThat(session(n2, 0)).isEqualTo(session(n1, 0));
    assertThat(client.endpoints()).containsExactly(n1.endpoint(), n2.endpoint());
  }

  @Test
  void aWriteWhoseAnswerIsLostIsRetriedWithTheSameSessionAndSeq() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(Errors.cairn(Code.UNKNOWN, "LEADERSHIP_LOST"));
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    value(client.put(K, V));

    assertThat(n1.requests(PutRequest.class)).hasSize(2);
    assertThat(session(n1, 1)).isEqualTo(session(n1, 0));
  }

  @Test
  void aWriteWhoseAnswerNeverComesIsRetriedAfterTheAttemptDeadline() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(FakeMember.HOLD);
    // 3 s call: an attempt gets at most 1 s, leaving time to retry.
    CairnClient client = cluster.client(Duration.ofSeconds(3), 1);

    value(client.put(K, V));

    assertThat(n1.requests(PutRequest.class)).hasSize(2);
    assertThat(session(n1, 1)).isEqualTo(session(n1, 0));
  }

  @Test
  void firstIncompleteSeqIsTheOldestWriteStillAwaited() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(FakeMember.HOLD);
    CairnClient client = cluster.client(Duration.ofSeconds(10), 1);

    CompletableFuture<PutResult> first = client.put(K, V);
    await().until(() -> n1.held.size() == 1);
    value(client.put(K, V));
    n1.releaseHeld(PutResponse.newBuilder().setHeader(FakeMember.header(8)).build());
    value(first);
    value(client.put(K, V));

    List<WriteSession> sessions =
        n1.requests(PutRequest.class).stream().map(PutRequest::getSession).toList();
    assertThat(sessions).extracting(WriteSession::getSeq).containsExactly(1L, 2L, 3L);
    assertThat(sessions)
        .extracting(WriteSession::getFirstIncompleteSeq)
        .containsExactly(1L, 1L, 3L);
  }

  @Test
  void invalidArgumentIsNotRetried() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(Errors.cairn(Code.INVALID_ARGUMENT, "KEY_TOO_LARGE"));
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1, 2);

    Throwable e = failure(client.put(K, V));

    assertThat(e).isExactlyInstanceOf(CairnRejectedException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("KEY_TOO_LARGE");
    assertThat(n1.requests).hasSize(1);
    assertThat(cluster.member(2).requests).isEmpty();
  }

  @Test
  void sessionExpiredFailsAtOnce() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(Errors.cairn(Code.FAILED_PRECONDITION, "SESSION_EXPIRED"));
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    assertThat(failure(client.put(K, V))).isExactlyInstanceOf(CairnSessionExpiredException.class);
    assertThat(n1.requests).hasSize(1);
  }

  @Test
  void overloadedIsRetriedAfterABackoff() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(Errors.cairn(Code.RESOURCE_EXHAUSTED, "OVERLOADED"));
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    value(client.put(K, V));

    assertThat(n1.requests(PutRequest.class)).hasSize(2);
  }

  @Test
  void whenNoMemberCanTakeTheWriteTheDeadlineEndsRetriesAsUnavailable() throws Exception {
    cluster.members.forEach(m -> m.fallback = req -> Errors.cairn(Code.UNAVAILABLE, "NO_LEADER"));
    CairnClient client = cluster.client(SHORT, 1, 2);

    Throwable e = failure(client.put(K, V));

    assertThat(e).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("NO_LEADER");
    // It rotated through the endpoints it was given.
    assertThat(cluster.member(1).requests).isNotEmpty();
    assertThat(cluster.member(2).requests).isNotEmpty();
  }

  @Test
  void theDeadlineEndsRetriesAsIndeterminateOnceAnAttemptMayHaveApplied() throws Exception {
    FakeMember n1 = cluster.member(1);
    n1.replies.add(Errors.cairn(Code.UNKNOWN, "LEADERSHIP_LOST"));
    cluster.members.forEach(m -> m.fallback = req -> Errors.cairn(Code.UNAVAILABLE, "NO_LEADER"));
    CairnClient client = cluster.client(SHORT, 1, 2);

    Throwable e = failure(client.put(K, V));

    assertThat(e).isExactlyInstanceOf(CairnIndeterminateException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("TIMEOUT");
    assertThat(e.getCause()).isInstanceOf(CairnUnavailableException.class);
  }

  @Test
  void aHeldWriteEndsAsIndeterminateAtTheDeadline() throws Exception {
    cluster.member(1).fallback = req -> FakeMember.HOLD;
    CairnClient client = cluster.client(SHORT, 1);

    Throwable e = failure(client.put(K, V));

    assertThat(e).isExactlyInstanceOf(CairnIndeterminateException.class);
  }

  @Test
  void readsRotateToAnotherMemberOnUnavailable() throws Exception {
    FakeMember n1 = cluster.member(1);
    FakeMember n2 = cluster.member(2);
    n1.fallback = req -> Errors.cairn(Code.UNAVAILABLE, "NOT_READY");
    n2.replies.add(
        RangeResponse.newBuilder()
            .setHeader(FakeMember.header(9))
            .addKvs(
                io.cairn.api.v1.KeyValue.newBuilder()
                    .setKey(ByteString.copyFromUtf8("k"))
                    .setValue(ByteString.copyFromUtf8("v"))
                    .setCreateRevision(2)
                    .setModRevision(9)
                    .setVersion(4))
            .setCount(1)
            .build());
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1, 2);

    GetResult r = value(client.get(K));

    assertThat(r.first()).contains(new KeyValue(K, V, 2, 9, 4));
    assertThat(r.count()).isEqualTo(1);
    assertThat(r.header().revision()).isEqualTo(9);
    assertThat(n1.requests).hasSize(1);
  }

  @Test
  void readsThatNoMemberServesEndAsUnavailable() throws Exception {
    cluster.members.forEach(
        m -> m.fallback = req -> Errors.cairn(Code.UNAVAILABLE, "REPLICA_BEHIND"));
    CairnClient client = cluster.client(SHORT, 1, 2, 3);

    Throwable e = failure(client.get(K));

    assertThat(e).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("REPLICA_BEHIND");
  }

  @Test
  void getOptionsBecomeTheRangeRequest() throws Exception {
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);
    GetOptions options =
        GetOptions.builder()
            .prefix(true)
            .limit(10)
            .keysOnly(true)
            .countOnly(true)
            .consistency(ReadConsistency.SERIALIZABLE)
            .minRevision(42)
            .build();

    value(client.get(Bytes.utf8("ab"), options));
    value(client.get(Bytes.utf8("a"), GetOptions.builder().rangeEnd(Bytes.utf8("c")).build()));

    List<RangeRequest> sent = cluster.member(1).requests(RangeRequest.class);
    assertThat(sent.get(0))
        .isEqualTo(
            RangeRequest.newBuilder()
                .setKey(ByteString.copyFromUtf8("ab"))
                .setRangeEnd(ByteString.copyFromUtf8("ac"))
                .setLimit(10)
                .setKeysOnly(true)
                .setCountOnly(true)
                .setConsistency(io.cairn.api.v1.ReadConsistency.SERIALIZABLE)
                .setMinRevision(42)
                .build());
    assertThat(sent.get(1).getRangeEnd()).isEqualTo(ByteString.copyFromUtf8("c"));
    assertThat(sent.get(1).getConsistency())
        .isEqualTo(io.cairn.api.v1.ReadConsistency.LINEARIZABLE);
  }

  @Test
  void deleteOptionsBecomeTheDeleteRequest() throws Exception {
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    value(
        client.delete(Bytes.utf8("p"), DeleteOptions.builder().prefix(true).prevKvs(true).build()));

    var sent = cluster.member(1).requests(io.cairn.api.v1.DeleteRangeRequest.class).get(0);
    assertThat(sent.getRangeEnd()).isEqualTo(ByteString.copyFromUtf8("q"));
    assertThat(sent.getPrevKv()).isTrue();
    assertThat(sent.getSession().getSeq()).isEqualTo(1);
  }

  @Test
  void membersTeachesTheClientNewEndpoints() throws Exception {
    String learned = cluster.member(3).endpoint();
    cluster
        .member(1)
        .replies
        .add(
            io.cairn.api.v1.MemberListResponse.newBuilder()
                .setHeader(FakeMember.header(1))
                .addMembers(
                    io.cairn.api.v1.Member.newBuilder()
                        .setId("n1")
                        .setPeerAddr("p1:1")
                        .setClientAddr(cluster.member(1).endpoint())
                        .setRole(io.cairn.api.v1.Role.LEADER))
                .addMembers(
                    io.cairn.api.v1.Member.newBuilder()
                        .setId("n3")
                        .setPeerAddr("p3:3")
                        .setClientAddr(learned)
                        .setRole(io.cairn.api.v1.Role.FOLLOWER))
                .build());
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    MemberList list = value(client.members());

    assertThat(list.members())
        .containsExactly(
            new Member("n1", "p1:1", cluster.member(1).endpoint(), "LEADER"),
            new Member("n3", "p3:3", learned, "FOLLOWER"));
    assertThat(client.endpoints()).containsExactly(cluster.member(1).endpoint(), learned);
  }

  @Test
  void statusAsksExactlyTheGivenEndpoint() throws Exception {
    FakeMember n2 = cluster.member(2);
    n2.replies.add(
        io.cairn.api.v1.StatusResponse.newBuilder()
            .setHeader(FakeMember.header(5))
            .setVersion("0.1.0")
            .setRole(io.cairn.api.v1.Role.LEADER)
            .setRaftIndex(11)
            .setRaftAppliedIndex(10)
            .setDbSize(4096)
            .setLeaderClientAddr(n2.endpoint())
            .build());
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);

    EndpointStatus s = value(client.status(n2.endpoint()));

    assertThat(s)
        .isEqualTo(
            new EndpointStatus(
                n2.endpoint(),
                new ResponseHeader("c1", "m", 5, 3, "n1"),
                "0.1.0",
                "LEADER",
                11,
                10,
                4096,
                n2.endpoint()));
    assertThat(cluster.member(1).requests).isEmpty();
  }

  @Test
  void closeFailsPendingCallsAndLaterOnes() throws Exception {
    cluster.member(1).fallback = req -> FakeMember.HOLD;
    CairnClient client = cluster.client(Duration.ofSeconds(10), 1);
    CompletableFuture<PutResult> pending = client.put(K, V);
    await().until(() -> cluster.member(1).held.size() == 1);

    client.close();

    Throwable e = failure(pending);
    assertThat(e).isExactlyInstanceOf(CairnIndeterminateException.class);
    assertThat(((CairnException) e).reason()).isEqualTo("CLOSED");
    Throwable later = failure(client.put(K, V));
    assertThat(later).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(((CairnException) later).reason()).isEqualTo("CLOSED");
  }

  @Test
  void closeFailsCallsWaitingOutABackoff() throws Exception {
    FakeMember n1 = cluster.member(1);
    AtomicInteger puts = new AtomicInteger();
    n1.fallback =
        req ->
            req instanceof PutRequest && puts.getAndIncrement() == 0
                ? Errors.cairn(Code.UNKNOWN, "LEADERSHIP_LOST")
                : Errors.cairn(Code.UNAVAILABLE, "NO_LEADER");
    CairnClient client = cluster.client(Duration.ofSeconds(30), 1);
    CompletableFuture<PutResult> write = client.put(K, V);
    CompletableFuture<GetResult> read = client.get(K);
    await().until(() -> n1.requests(PutRequest.class).size() >= 2 && n1.requests.size() >= 3);

    client.close();

    // The write may have applied on its first attempt; the read never applies anything.
    Throwable w = failure(write);
    assertThat(w).isExactlyInstanceOf(CairnIndeterminateException.class);
    assertThat(((CairnException) w).reason()).isEqualTo("CLOSED");
    Throwable r = failure(read);
    assertThat(r).isExactlyInstanceOf(CairnUnavailableException.class);
    assertThat(((CairnException) r).reason()).isEqualTo("CLOSED");
  }

  @Test
  void anUnreachableEndpointIsSkipped() throws Exception {
    CairnClient client =
        cluster.track(
            cluster
                .builder()
                .endpoints(cluster.unknownEndpoint(9), cluster.member(2).endpoint())
                .build());

    value(client.put(K, V));

    assertThat(cluster.member(2).requests(PutRequest.class)).hasSize(1);
  }

  @Test
  void revisionAndLeaseOptionsReachTheWire() throws Exception {
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);
    value(client.get(K, GetOptions.builder().revision(7).build()));
    value(client.put(K, V, PutOptions.builder().lease(99).build()));

    assertThat(cluster.member(1).requests(RangeRequest.class).get(0).getRevision()).isEqualTo(7);
    assertThat(cluster.member(1).requests(PutRequest.class).get(0).getLease()).isEqualTo(99);
  }

  @Test
  void aReadAtACompactedRevisionFailsWithTheCompactRevision() throws Exception {
    CairnClient client = cluster.client(Duration.ofSeconds(5), 1);
    cluster
        .member(1)
        .replies
        .add(
            Errors.cairn(
                io.grpc.Status.Code.FAILED_PRECONDITION,
                "COMPACTED",
                java.util.Map.of("compact_revision", "12")));

    Throwable e = failure(client.get(K, GetOptions.builder().revision(3).build()));

    assertThat(e).isExactlyInstanceOf(CairnCompactedException.class);
    assertThat(((CairnCompactedException) e).compactRevision()).isEqualTo(12);
    assertThat(cluster.member(1).requests(RangeRequest.class)).hasSize(1); // not retried
  }

  @Test
  void readsGoToTheLeaderNamedByTheMemberListAskedForAtBuild() {
    FakeMember n1 = cluster.member(1);
    FakeMember n2 = cluster.member(2);
    n1.fallback =
        req ->
            req instanceof io.cairn.api.v1.MemberListRequest
                ? io.cairn.api.v1.MemberListResponse.newBuilder()
                    .setHeader(FakeMember.header(7).toBuilder().setLeaderId("n2"))
                    .addMembers(
                        io.cairn.api.v1.Member.newBuilder()
                            .setId("n1")
                            .setClientAddr(n1.endpoint())
                            .setRole(io.cairn.api.v1.Role.FOLLOWER))
                    .addMembers(
                        io.cairn.api.v1.Member.newBuilder()
                            .setId("n2")
                            .setClientAddr(n2.endpoint())
                            .setRole(io.cairn.api.v1.Role.LEADER))
                    .build()
                : FakeMember.ok(req);
    CairnClient client =
        cluster.track(
            cluster.builder().findLeader(true).endpoints(n1.endpoint(), n2.endpoint()).build());

    // n1 answers reads too; only the member list can send them to n2.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              value(client.get(K));
              assertThat(n2.requests(RangeRequest.class)).isNotEmpty();
            });
    assertThat(n1.requests(io.cairn.api.v1.MemberListRequest.class)).hasSize(1);
  }
}
