package io.cairn.server.replication;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.cairn.server.replication.ReplicationFailure.Kind;
import io.cairn.statemachine.ratis.RatisBytes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StaleReadException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;

/**
 * Turns Ratis outcomes into {@link ReplicationFailure}s. Ratis reports errors on two channels (a
 * reply carrying an exception, or an exceptionally completed future; notes/ratis.md §6.2): both
 * land here.
 */
final class RatisReplies {
  private RatisReplies() {}

  /** Whether a failed request was a write that Ratis may already have appended. */
  enum Phase {
    WRITE,
    READ
  }

  /** The failure in a reply, or null when the reply is a success. */
  static ReplicationFailure failureOf(RaftClientReply reply, Phase phase, RaftMember member) {
    if (reply.isSuccess()) {
      return null;
    }
    Throwable e = reply.getException();
    return classify(e == null ? new IllegalStateException("unsuccessful reply") : e, phase, member);
  }

  /** Classifies an exception from a reply or from an exceptionally completed future. */
  static ReplicationFailure classify(Throwable t, Phase phase, RaftMember member) {
    Throwable e = unwrap(t);
    if (e instanceof ReplicationFailure f) {
      return f;
    }
    String self = member.memberId();
    if (e instanceof NotLeaderException nle) {
      String leader = leaderOf(nle, member);
      if (phase == Phase.WRITE) {
        // A pending write fails like this when leadership changes after the append: it may
        // still commit under the new leader.
        return new ReplicationFailure(
            Kind.LEADERSHIP_LOST,
            "member " + self + " lost leadership while the write was pending",
            leader);
      }
      return leader == null
          ? new ReplicationFailure(Kind.NO_LEADER, "member " + self + " knows no leader", null)
          : new ReplicationFailure(
              Kind.NOT_LEADER, "member " + self + " is not the leader; ask " + leader, leader);
    }
    if (e instanceof LeaderNotReadyException || e instanceof ServerNotReadyException) {
      return new ReplicationFailure(Kind.NOT_READY, "member " + self + " is not ready yet", null);
    }
    if (e instanceof LeaderSteppingDownException || e instanceof TransferLeadershipException) {
      return new ReplicationFailure(
          Kind.NO_LEADER, "member " + self + " is handing over leadership", null);
    }
    if (e instanceof ResourceUnavailableException) {
      return new ReplicationFailure(
          Kind.OVERLOADED, "member " + self + " has too many pending requests", null);
    }
    if (e instanceof ReadIndexException) {
      return new ReplicationFailure(
          Kind.NO_LEADER, "member " + self + " could not confirm the read with a leader", null);
    }
    if (e instanceof ReadException) {
      return new ReplicationFailure(
          Kind.NOT_READY, "member " + self + " could not serve the read in time", null);
    }
    if (e instanceof StateMachineException sme && sme.getCause() instanceof StaleReadException) {
      return new ReplicationFailure(
          Kind.REPLICA_BEHIND, "member " + self + " has not caught up yet", null);
    }
    if (e instanceof AlreadyClosedException) {
      return phase == Phase.WRITE
          ? new ReplicationFailure(
              Kind.LEADERSHIP_LOST, "member " + self + " closed while the write was pending", null)
          : new ReplicationFailure(Kind.NOT_READY, "member " + self + " is stopping", null);
    }
    if (e instanceof TimeoutException) {
      return new ReplicationFailure(
          Kind.TIMEOUT, "member " + self + " got no answer from Raft in time", null);
    }
    if (phase == Phase.READ) {
      // E.g. the read-index RPC to a leader that just died: reads change nothing, so any
      // failure to confirm one is retryable elsewhere.
      return new ReplicationFailure(
          Kind.NO_LEADER, "member " + self + " could not confirm the read with a leader", null, e);
    }
    return new ReplicationFailure(Kind.INTERNAL, "internal error on member " + self, null, e);
  }

  private static String leaderOf(NotLeaderException nle, RaftMember member) {
    RaftPeer suggested = nle.getSuggestedLeader();
    if (suggested != null) {
      return suggested.getId().toString();
    }
    return member.leaderId().filter(id -> !id.equals(member.memberId())).orElse(null);
  }

  /** Parses a reply message; a malformed one is an internal failure. */
  static <T> T parse(Message message, Parser<T> parser, RaftMember member) {
    try {
      return RatisBytes.parse(message, parser);
    } catch (InvalidProtocolBufferException e) {
      throw new ReplicationFailure(
          Kind.INTERNAL, "internal error on member " + member.memberId(), null, e);
    }
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
