package io.cairn.server.replication;

import io.cairn.server.replication.RatisReplies.Phase;
import io.cairn.server.replication.ReplicationFailure.Kind;
import io.cairn.statemachine.proto.Query;
import io.cairn.statemachine.proto.QueryResult;
import io.cairn.statemachine.ratis.RatisBytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;

/**
 * Reads. LINEARIZABLE reads share ReadIndex rounds: a round is one Raft read of the empty query (on
 * the leader Ratis confirms leadership by lease or heartbeat round, on a follower it asks the
 * leader for the read index) that answers once this member applied that index; every read that
 * arrived before the round started is then served from the local applied state, which includes
 * every write acknowledged before it arrived. Reads arriving during a round wait for the next one,
 * so under load one Raft read serves hundreds of client reads. SERIALIZABLE reads the local applied
 * state directly (no Raft round), checked against a minimum revision.
 */
public final class ReadPath implements AutoCloseable {
  private final RaftMember member;
  private final Duration timeout;
  private final ExecutorService submitter;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private List<Waiting> waiting = new ArrayList<>();
  private boolean roundInFlight;

  /** The empty query: answers the applied revision only, the cheapest Raft read there is. */
  private static final Query BARRIER = Query.getDefaultInstance();

  private record Waiting(Query query, CompletableFuture<QueryResult> result) {}

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
    member.readStarting();
    Waiting w = new Waiting(query, new CompletableFuture<>());
    boolean start;
    synchronized (this) {
      waiting.add(w);
      start = !roundInFlight;
      roundInFlight = true;
    }
    if (start) {
      startRound();
    }
    return w.result();
  }

  private void startRound() {
    List<Waiting> round;
    synchronized (this) {
      round = waiting;
      waiting = new ArrayList<>();
    }
    submit(BARRIER, RaftClientRequest.readRequestType())
        .whenCompleteAsync((r, t) -> finishRound(round, t), this::execute);
  }

  private void finishRound(List<Waiting> round, Throwable barrierFailure) {
    for (Waiting w : round) {
      if (barrierFailure != null) {
        w.result().completeExceptionally(RatisReplies.unwrap(barrierFailure));
        continue;
      }
      local(w.query())
          .whenComplete(
              (r, t) -> {
                if (t != null) {
                  w.result().completeExceptionally(RatisReplies.unwrap(t));
                } else {
                  w.result().complete(r);
                }
              });
    }
    boolean next;
    synchronized (this) {
      next = !waiting.isEmpty();
      roundInFlight = next;
    }
    if (next) {
      startRound();
    }
  }

  /**
   * A read of this member's applied state; fails with REPLICA_BEHIND when that state is below
   * {@code minRevision} (0 = any).
   */
  public CompletableFuture<QueryResult> serializable(Query query, long minRevision) {
    if (!member.isRunning()) {
      return CompletableFuture.failedFuture(
          new ReplicationFailure(
              Kind.NOT_READY, "member " + member.memberId() + " is not running", null));
    }
    member.readStarting();
    // No Raft round: the local applied state is the answer. A point read runs on the caller's
    // (transport) thread; a range may be large, so it runs on the read pool instead.
    boolean point = query.hasRange() && query.getRange().getRangeEnd().isEmpty();
    CompletableFuture<QueryResult> read =
        point
            ? local(query)
            : CompletableFuture.supplyAsync(() -> query, this::execute).thenCompose(this::local);
    return read.thenApply(
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

  private CompletableFuture<QueryResult> local(Query query) {
    return member
        .queryLocal(RatisBytes.toMessage(query))
        .handle(
            (m, t) -> {
              if (t != null) {
                throw RatisReplies.classify(t, Phase.READ, member);
              }
              return RatisReplies.parse(m, QueryResult.parser(), member);
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
      return member.submit(request);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // Finishing a round must never be dropped (its reads would hang): inline once shut down.
  private void execute(Runnable task) {
    try {
      submitter.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      task.run();
    }
  }

  @Override
  public void close() {
    submitter.shutdown();
  }
}
