package io.cairn.server.replication;

import io.cairn.statemachine.ratis.CairnStateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;

/**
 * This node's view of its Raft group: identity, role, leader, indices and the peer id to client
 * address map used for NOT_LEADER redirects. The only class the api layer asks about Raft state.
 */
public final class RaftMember {
  private static final RaftPeerRole[] ALL_ROLES = {RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER};
  private final RaftServer server;
  private final RaftServer.Division division;
  private final CairnStateMachine stateMachine;
  private final Map<String, String> clientAddresses;
  private final String clusterId;

  /**
   * @param clientAddresses member id to Cairn client address (host:port), every member
   */
  public RaftMember(
      RaftServer server,
      RaftGroupId groupId,
      CairnStateMachine stateMachine,
      Map<String, String> clientAddresses) {
    this.server = server;
    try {
      this.division = server.getDivision(groupId);
    } catch (IOException e) {
      throw new UncheckedIOException("group " + groupId + " is not on this server", e);
    }
    this.stateMachine = stateMachine;
    this.clientAddresses = Map.copyOf(clientAddresses);
    this.clusterId = groupId.getUuid().toString();
  }

  RaftServer server() {
    return server;
  }

  /**
   * Submits a client request to this member's division on the calling thread. Through the server
   * proxy it would first go to the proxy's client-request pool while the caller blocks until it
   * ran: two thread wake-ups per request for nothing.
   */
  CompletableFuture<RaftClientReply> submit(RaftClientRequest request) throws IOException {
    return division instanceof RaftClientAsynchronousProtocol direct
        ? direct.submitClientRequestAsync(request)
        : server.submitClientRequestAsync(request);
  }

  /** A read of this member's state starts: a follower stops batching its applies for a while. */
  void readStarting() {
    stateMachine.readStarting();
  }

  /** Reads this member's applied state directly (the caller established the consistency). */
  CompletableFuture<Message> queryLocal(Message query) {
    return stateMachine.query(query);
  }

  RaftGroupId groupId() {
    return division.getGroup().getGroupId();
  }

  RaftPeerId peerId() {
    return server.getId();
  }

  /** The cluster id reported in response headers: the Raft group's UUID. */
  public String clusterId() {
    return clusterId;
  }

  public String memberId() {
    return server.getId().toString();
  }

  public long term() {
    return info().getCurrentTerm();
  }

  public boolean isLeader() {
    return info().isLeader();
  }

  /** Leader and its startup entry applied: proposals can be accepted. */
  public boolean isLeaderReady() {
    return info().isLeader() && info().isLeaderReady();
  }

  /** Whether the Raft server runs (not starting, closing or closed): local reads are safe. */
  boolean isRunning() {
    return info().isAlive();
  }

  /** The leader's member id as this member knows it. */
  public Optional<String> leaderId() {
    RaftPeerId id = info().getLeaderId();
    return id == null ? Optional.empty() : Optional.of(id.toString());
  }

  /**
   * The client address of a member: from the replicated Raft configuration for members added at run
   * time (see io.cairn.server.membership), else from this node's initial cluster.
   */
  public Optional<String> clientAddressOf(String memberId) {
    RaftPeer p = division.getRaftConf().getPeer(RaftPeerId.valueOf(memberId), ALL_ROLES);
    String replicated = p == null ? null : p.getDataStreamAddress();
    if (replicated != null && !replicated.isEmpty()) {
      return Optional.of(replicated);
    }
    return Optional.ofNullable(clientAddresses.get(memberId));
  }

  public MemberRole role() {
    return toRole(info().getCurrentRole());
  }

  /** Last committed log index this member knows. */
  public long commitIndex() {
    return division.getRaftLog().getLastCommittedIndex();
  }

  public long appliedIndex() {
    return info().getLastAppliedIndex();
  }

  /** The store's current revision (applied state of this member). */
  public long revision() {
    return stateMachine.store().revision();
  }

  public long dbSizeBytes() {
    return stateMachine.store().dbSizeBytes();
  }

  /** Every member of the current configuration: id to peer address, in configuration order. */
  public Map<String, String> peerAddresses() {
    Map<String, String> out = new LinkedHashMap<>();
    for (RaftPeer p : division.getGroup().getPeers()) {
      out.put(p.getId().toString(), p.getAddress());
    }
    return out;
  }

  /**
   * The role of a member as far as this node can tell: the leader is LEADER, this member reports
   * its own role, learners are LISTENER, and the other voters are FOLLOWER.
   */
  public MemberRole roleOf(String memberId) {
    if (memberId.equals(memberId())) {
      return role();
    }
    if (division.getRaftConf().getPeer(RaftPeerId.valueOf(memberId), RaftPeerRole.LISTENER)
        != null) {
      return MemberRole.LISTENER;
    }
    return leaderId().filter(memberId::equals).isPresent()
        ? MemberRole.LEADER
        : MemberRole.FOLLOWER;
  }

  /** The failure for a request that needs the leader but landed here. */
  public ReplicationFailure notLeaderFailure() {
    Optional<String> leader = leaderId();
    if (isLeader() || leader.filter(memberId()::equals).isPresent()) {
      return new ReplicationFailure(
          ReplicationFailure.Kind.NOT_READY,
          "the leader " + memberId() + " is not ready yet",
          null);
    }
    return leader
        .map(
            id ->
                new ReplicationFailure(
                    ReplicationFailure.Kind.NOT_LEADER,
                    "member " + memberId() + " is not the leader; the leader is " + id,
                    id))
        .orElseGet(
            () ->
                new ReplicationFailure(
                    ReplicationFailure.Kind.NO_LEADER,
                    "member " + memberId() + " knows no leader right now",
                    null));
  }

  private DivisionInfo info() {
    return division.getInfo();
  }

  private static MemberRole toRole(RaftPeerRole role) {
    if (role == null) {
      return MemberRole.UNKNOWN;
    }
    switch (role) {
      case LEADER:
        return MemberRole.LEADER;
      case FOLLOWER:
        return MemberRole.FOLLOWER;
      case CANDIDATE:
        return MemberRole.CANDIDATE;
      case LISTENER:
        return MemberRole.LISTENER;
      default:
        return MemberRole.UNKNOWN;
    }
  }
}
