package io.cairn.server.replication;

import io.cairn.server.replication.RatisReplies.Phase;
import io.cairn.server.replication.ReplicationFailure.Kind;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.ratis.RatisBytes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * Reads. LINEARIZABLE goes to the local Raft server as a read request: on the leader Ratis confirms
 * leadership (lease or heartbeat round), on a follower it asks the leader for the read index and
 * waits until the local state machine applied it; then the state machine answers. SERIALIZABLE is a
 * stale read of the local applied state, checked against a minimum revision.
 */
public final class ReadPath implements AutoCloseable {
  private final RaftMember member;
  private final Duration timeout;
  private final ExecutorService submitter;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  public ReadPath(RaftMember member, Duration timeout) {
    this.member = member;
    this.timeout = timeout;
    // Submission may block briefly inside Ratis: never on a gRPC or Netty thread.
    this.submitter =
        Executors.newFixedThreadPool(
            2, Threads.daemonFactory("cairn-" + member.memberId() + "-read-submit"));
  }

  /** A read reflecting every write acknowledged before it started. */
  public CompletableFuture<QueryResult> linearizable(Query query) {
    return submit(query, RaftClientRequest.readRequestType());
  }

  /**
   * A read of this member's applied state; fails with REPLICA_BEHIND when that state is below
   * {@code minRevision} (0 = any).
   */
  public CompletableFuture<QueryResult> serializable(Query query, long minRevision) {
    return submit(query, RaftClientRequest.staleReadRequestType(0))
        .thenApply(
            r -> {
              if (r.getRevision() < minRevision) {
                throw new ReplicationFailure(
                    Kind.REPLICA_BEHIND,
                    "member "
                        + member.memberId()
                        + " is at revision "
                        + r.getRevision()
                        + ", below the requested "
                        + minRevision,
                    null);
              }
              return r;
            });
  }

  private CompletableFuture<QueryResult> submit(Query query, RaftClientRequest.Type type) {
    RaftClientRequest request =
        RaftClientRequest.newBuilder()
            .setClientId(clientId)
            .setServerId(member.peerId())
            .setGroupId(member.groupId())
            .setCallId(callIds.incrementAndGet())
            .setMessage(RatisBytes.toMessage(query))
            .setType(type)
            .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply =
          CompletableFuture.supplyAsync(() -> request, submitter).thenCompose(this::submitToServer);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new ReplicationFailure(
              Kind.NOT_READY, "member " + member.memberId() + " is stopping", null));
    }
    return reply
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (r, t) -> {
              ReplicationFailure f =
                  t != null
                      ? RatisReplies.classify(t, Phase.READ, member)
                      : RatisReplies.failureOf(r, Phase.READ, member);
              if (f != null) {
                throw f;
              }
              return RatisReplies.parse(r.getMessage(), QueryResult.parser(), member);
            });
  }

  private CompletableFuture<RaftClientReply> submitToServer(RaftClientRequest request) {
    try {
      return member.server().submitClientRequestAsync(request);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    submitter.shutdown();
  }
}
