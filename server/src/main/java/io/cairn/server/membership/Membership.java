package io.cairn.server.membership;

import io.cairn.server.api.InvalidRequestException;
import io.cairn.server.replication.RaftMember;
import io.cairn.server.replication.ReplicationFailure;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and makes membership changes on the leader. Every method throws (or completes
 * exceptionally with) a {@link MembershipRefusal}, {@link InvalidRequestException} or {@link
 * ReplicationFailure}, all of which {@code ErrorMapper} turns into the documented status.
 */
public final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** Most entries a learner may trail the leader's commit index by and still be promoted. */
  public static final long MAX_PROMOTE_LAG = 1_000;

  private final RaftServer server;
  private final RaftServer.Division division;
  private final RaftMember member;
  private final Duration liveness;
  private final Duration transferTimeout;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callId = new AtomicLong();
  private final Map<String, CompletableFuture<Void>> pendingAdds = new ConcurrentHashMap<>();

  /**
   * @param liveness a follower heard from within this is counted toward the quorum a removal keeps
   * @param transferTimeout how long a leadership transfer may take
   */
  public Membership(
      RaftServer server,
      RaftGroupId groupId,
      RaftMember member,
      Duration liveness,
      Duration transferTimeout) {
    this.server = server;
    try {
      this.division = server.getDivision(groupId);
    } catch (IOException e) {
      throw new UncheckedIOException("group " + groupId + " is not on this server", e);
    }
    this.member = member;
    this.liveness = liveness;
    this.transferTimeout = transferTimeout;
  }

  /** Adds a learner; completes once Ratis has caught it up and committed the new configuration. */
  public CompletableFuture<Void> addLearner(String id, String peerAddr, String clientAddr) {
    requireId(id);
    requireAddress(peerAddr, "peer address");
    requireAddress(clientAddr, "client address");
    String key = id + "@" + peerAddr + "/" + clientAddr;
    CompletableFuture<Void> pending = pendingAdds.get(key);
    if (pending != null && member.isLeaderReady()) {
      return pending; // a client's retry while the learner still catches up: the same answer
    }
    Conf conf = stableConf();
    conf.all()
        .forEach(
            p -> {
              if (p.getId().toString().equals(id)) {
                throw MembershipRefusal.precondition(
                    "MEMBER_EXISTS", "member " + id + " is already in the cluster");
              }
              if (p.getAddress().equals(peerAddr)) {
                throw MembershipRefusal.precondition(
                    "MEMBER_EXISTS",
                    "peer address " + peerAddr + " is already used by member " + p.getId());
              }
            });
    List<RaftPeer> listeners = new ArrayList<>(conf.listeners);
    listeners.add(
        RaftPeer.newBuilder()
            .setId(id)
            .setAddress(peerAddr)
            .setDataStreamAddress(clientAddr)
            .setStartupRole(RaftPeerRole.LISTENER)
            .build());
    LOG.info(
        "[{}] adding learner {} at {} (client {})", member.memberId(), id, peerAddr, clientAddr);
    CompletableFuture<Void> added = change(conf, conf.voters, listeners, "add learner " + id);
    pendingAdds.put(key, added);
    added.whenComplete((ok, e) -> pendingAdds.remove(key, added));
    return added;
  }

  /** Makes learner {@code id} a voter; refused unless it is within {@link #MAX_PROMOTE_LAG}. */
  public CompletableFuture<Void> promote(String id) {
    requireId(id);
    Conf conf = stableConf();
    if (conf.find(conf.voters, id).isPresent()) {
      throw MembershipRefusal.precondition("MEMBER_NOT_LEARNER", "member " + id + " is a voter");
    }
    RaftPeer learner = require(conf.find(conf.listeners, id), id);
    long leaderCommit = member.commitIndex();
    long lag = leaderCommit - commitIndexOf(id).orElse(0L);
    if (lag > MAX_PROMOTE_LAG) {
      throw MembershipRefusal.precondition(
          "MEMBER_BEHIND",
          "learner "
              + id
              + " is "
              + lag
              + " entries behind the leader (at most "
              + MAX_PROMOTE_LAG
              + " allowed); promote it once it has caught up");
    }
    List<RaftPeer> listeners = new ArrayList<>(conf.listeners);
    listeners.remove(learner);
    List<RaftPeer> voters = new ArrayList<>(conf.voters);
    voters.add(copy(learner).setStartupRole(RaftPeerRole.FOLLOWER).build());
    LOG.info("[{}] promoting learner {} (lag {})", member.memberId(), id, lag);
    // Ratis 3.3.0 keeps a listener turned follower in its STARTING state (the leader never marks
    // it caught up, so it neither votes nor can lead) until the next leader change. So the learner
    // leaves as a listener and re-enters as a voter: the second change stages it, which marks it
    // caught up. It is caught up already, so it is out of the configuration only briefly, and it
    // never counted toward the quorum meanwhile.
    return change(conf, conf.voters, listeners, "promote " + id + " (step 1: leave as learner)")
        // Async: the first reply completes on a Ratis leader thread, which the second
        // setConfiguration call would block (deadlock) if it ran there.
        .thenComposeAsync(
            ok -> {
              Conf between = new Conf(division.getRaftConf());
              return change(between, voters, between.listeners, "promote " + id)
                  .exceptionallyComposeAsync(e -> readdLearner(between, learner, e));
            });
  }

  /** Step 2 of a promotion failed: put the learner back so the cluster is as before. */
  private CompletableFuture<Void> readdLearner(Conf current, RaftPeer learner, Throwable failure) {
    List<RaftPeer> listeners = new ArrayList<>(current.listeners);
    listeners.add(learner);
    LOG.warn(
        "[{}] promoting {} failed, adding it back as a learner: {}",
        member.memberId(),
        learner.getId(),
        failure.toString());
    return change(current, current.voters, listeners, "re-add learner " + learner.getId())
        .handle(
            (ok, e) -> {
              throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            });
  }

  /** Removes member {@code id}; refused when the voters left could not form a quorum. */
  public CompletableFuture<Void> remove(String id) {
    requireId(id);
    Conf conf = stableConf();
    Optional<RaftPeer> learner = conf.find(conf.listeners, id);
    if (learner.isPresent()) {
      List<RaftPeer> listeners = new ArrayList<>(conf.listeners);
      listeners.remove(learner.get());
      LOG.info("[{}] removing learner {}", member.memberId(), id);
      return change(conf, conf.voters, listeners, "remove " + id);
    }
    RaftPeer voter = require(conf.find(conf.voters, id), id);
    List<RaftPeer> voters = new ArrayList<>(conf.voters);
    voters.remove(voter);
    if (voters.size() < 2) {
      throw MembershipRefusal.precondition(
          "QUORUM_AT_RISK",
          "removing "
              + id
              + " would leave "
              + voters.size()
              + " voter(s); add and promote another member first");
    }
    long live = voters.stream().filter(p -> isLive(p.getId())).count();
    int quorum = voters.size() / 2 + 1;
    if (live < quorum) {
      throw MembershipRefusal.precondition(
          "QUORUM_AT_RISK",
          "removing "
              + id
              + " would leave "
              + live
              + " reachable voter(s) of "
              + voters.size()
              + ", fewer than the "
              + quorum
              + " a quorum needs");
    }
    LOG.info("[{}] removing voter {}", member.memberId(), id);
    return change(conf, voters, conf.listeners, "remove " + id);
  }

  /**
   * Hands leadership to voter {@code toId}, or to the most caught-up live voter when it is empty;
   * completes with the new leader's id.
   */
  public CompletableFuture<String> transferLeader(String toId) {
    Conf conf = leaderConf();
    String self = member.memberId();
    String target;
    if (toId == null || toId.isEmpty()) {
      Map<String, Long> commits = commitIndices();
      target =
          conf.voters.stream()
              .map(p -> p.getId().toString())
              .filter(p -> !p.equals(self) && isLive(RaftPeerId.valueOf(p)))
              .max(Comparator.comparingLong(p -> commits.getOrDefault(p, 0L)))
              .orElseThrow(
                  () ->
                      MembershipRefusal.precondition(
                          "NO_TRANSFER_TARGET", "no other voter is reachable to take over"));
    } else {
      if (conf.find(conf.listeners, toId).isPresent()) {
        throw MembershipRefusal.precondition(
            "MEMBER_NOT_VOTER", "member " + toId + " is a learner and cannot lead");
      }
      target = require(conf.find(conf.voters, toId), toId).getId().toString();
    }
    if (target.equals(self)) {
      return CompletableFuture.completedFuture(self);
    }
    LOG.info("[{}] transferring leadership to {}", self, target);
    TransferLeadershipRequest request =
        new TransferLeadershipRequest(
            clientId,
            server.getId(),
            division.getGroup().getGroupId(),
            callId.incrementAndGet(),
            RaftPeerId.valueOf(target),
            transferTimeout.toMillis());
    try {
      return server
          .transferLeadershipAsync(request)
          .handle((reply, error) -> check(reply, error, "transfer leadership to " + target))
          .thenApply(ok -> target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletableFuture<Void> change(
      Conf current, List<RaftPeer> voters, List<RaftPeer> listeners, String what) {
    SetConfigurationRequest.Arguments args =
        SetConfigurationRequest.Arguments.newBuilder()
            .setServersInNewConf(withClientAddresses(voters))
            .setListenersInNewConf(withClientAddresses(listeners))
            .setServersInCurrentConf(current.voters)
            .setListenersInCurrentConf(current.listeners)
            .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
            .build();
    SetConfigurationRequest request =
        new SetConfigurationRequest(
            clientId,
            server.getId(),
            division.getGroup().getGroupId(),
            callId.incrementAndGet(),
            args);
    try {
      return server
          .setConfigurationAsync(request)
          .handle((reply, error) -> check(reply, error, what))
          .thenAccept(ok -> LOG.info("[{}] done: {}", member.memberId(), what));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies each peer with its client address as the data-stream address, so that members added
   * later learn every client address from the replicated configuration.
   */
  private List<RaftPeer> withClientAddresses(List<RaftPeer> peers) {
    return peers.stream()
        .map(
            p ->
                member
                    .clientAddressOf(p.getId().toString())
                    .filter(a -> !a.equals(p.getDataStreamAddress()))
                    .map(a -> copy(p).setDataStreamAddress(a).build())
                    .orElse(p))
        .toList();
  }

  private static RaftPeer.Builder copy(RaftPeer p) {
    return RaftPeer.newBuilder()
        .setId(p.getId())
        .setAddress(p.getAddress())
        .setAdminAddress(p.getAdminAddress())
        .setClientAddress(p.getClientAddress())
        .setDataStreamAddress(p.getDataStreamAddress())
        .setPriority(p.getPriority())
        .setStartupRole(p.getStartupRole());
  }

  /** Ratis replies carry most failures inside the reply; a few fail the future. */
  private Boolean check(RaftClientReply reply, Throwable error, String what) {
    Throwable t = error;
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t == null) {
      if (reply.isSuccess()) {
        return true;
      }
      t = reply.getException();
    }
    LOG.info("[{}] failed: {}: {}", member.memberId(), what, String.valueOf(t));
    throw new CompletionException(translate(t, what));
  }

  private RuntimeException translate(Throwable t, String what) {
    if (t instanceof NotLeaderException) {
      return member.notLeaderFailure();
    }
    if (t instanceof LeaderNotReadyException || t instanceof LeaderSteppingDownException) {
      return new ReplicationFailure(
          ReplicationFailure.Kind.NOT_READY,
          "the leader " + member.memberId() + " is not ready for a membership change",
          null);
    }
    if (t instanceof ReconfigurationInProgressException) {
      return changeInProgress();
    }
    if (t instanceof SetConfigurationException) {
      // COMPARE_AND_SET found another configuration: a change raced this one.
      return MembershipRefusal.precondition(
          "MEMBERSHIP_CHANGE_IN_PROGRESS",
          "could not " + what + ": the configuration changed meanwhile (" + t.getMessage() + ")");
    }
    if (t instanceof ReconfigurationTimeoutException) {
      return new MembershipRefusal(
          Status.Code.UNAVAILABLE,
          "MEMBER_UNREACHABLE",
          "could not " + what + ": the new member did not catch up in time; nothing changed");
    }
    if (t instanceof TransferLeadershipException) {
      return MembershipRefusal.precondition(
          "LEADER_TRANSFER_FAILED", "could not " + what + ": " + t.getMessage());
    }
    if (t instanceof RaftException) {
      return new ReplicationFailure(ReplicationFailure.Kind.INTERNAL, "could not " + what, null, t);
    }
    return t instanceof RuntimeException r ? r : new CompletionException(t);
  }

  private Conf leaderConf() {
    if (!member.isLeaderReady()) {
      throw member.notLeaderFailure();
    }
    return new Conf(division.getRaftConf());
  }

  /** The current configuration, refusing while an earlier change is still being committed. */
  private Conf stableConf() {
    Conf conf = leaderConf();
    if (!conf.raw.getPreviousPeers().isEmpty()
        || !conf.raw.getPreviousPeers(RaftPeerRole.LISTENER).isEmpty()) {
      throw changeInProgress();
    }
    return conf;
  }

  private static MembershipRefusal changeInProgress() {
    return MembershipRefusal.precondition(
        "MEMBERSHIP_CHANGE_IN_PROGRESS",
        "another membership change is in progress; retry once it has completed");
  }

  private boolean isLive(RaftPeerId id) {
    if (id.equals(server.getId())) {
      return true;
    }
    var info = division.getInfo().getRoleInfoProto();
    if (!info.hasLeaderInfo()) {
      return false;
    }
    for (ServerRpcProto f : info.getLeaderInfo().getFollowerInfoList()) {
      if (f.getId().getId().toStringUtf8().equals(id.toString())) {
        return f.getLastRpcElapsedTimeMs() <= liveness.toMillis();
      }
    }
    return false;
  }

  private Map<String, Long> commitIndices() {
    Map<String, Long> out = new HashMap<>();
    for (CommitInfoProto c : division.getCommitInfos()) {
      out.put(c.getServer().getId().toStringUtf8(), c.getCommitIndex());
    }
    return out;
  }

  private Optional<Long> commitIndexOf(String id) {
    return Optional.ofNullable(commitIndices().get(id));
  }

  private static RaftPeer require(Optional<RaftPeer> peer, String id) {
    return peer.orElseThrow(
        () ->
            new MembershipRefusal(
                Status.Code.NOT_FOUND, "MEMBER_NOT_FOUND", "no member " + id + " in the cluster"));
  }

  private static void requireId(String id) {
    if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
      throw new InvalidRequestException(
          "INVALID_REQUEST", "a member id is letters, digits, '.', '_' or '-', got '" + id + "'");
    }
  }

  private static void requireAddress(String address, String what) {
    int colon = address == null ? -1 : address.lastIndexOf(':');
    boolean ok = colon > 0 && colon < address.length() - 1;
    if (ok) {
      try {
        int port = Integer.parseInt(address.substring(colon + 1));
        ok = port > 0 && port < 65536;
      } catch (NumberFormatException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw new InvalidRequestException(
          "INVALID_REQUEST", "the " + what + " must be host:port, got '" + address + "'");
    }
  }

  /** The voters and learners of one configuration, as Ratis holds them. */
  private static final class Conf {
    final RaftConfiguration raw;
    final List<RaftPeer> voters;
    final List<RaftPeer> listeners;

    Conf(RaftConfiguration raw) {
      this.raw = raw;
      this.voters = List.copyOf(raw.getCurrentPeers(RaftPeerRole.FOLLOWER));
      this.listeners = List.copyOf(raw.getCurrentPeers(RaftPeerRole.LISTENER));
    }

    Collection<RaftPeer> all() {
      List<RaftPeer> all = new ArrayList<>(voters);
      all.addAll(listeners);
      return all;
    }

    Optional<RaftPeer> find(List<RaftPeer> peers, String id) {
      return peers.stream().filter(p -> p.getId().toString().equals(id)).findFirst();
    }
  }
}
