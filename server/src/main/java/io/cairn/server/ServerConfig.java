package io.cairn.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Everything one node needs to start. The constructor validates; every failure is an {@link
 * IllegalArgumentException} with a one-line message meant for an operator.
 *
 * @param nodeId this node's id, a member of {@code initialCluster}
 * @param dataDir holds {@code ratis/}, {@code lmdb/} and {@code cairn.meta}
 * @param clientHost host the Cairn gRPC services bind to
 * @param clientPort port of the Cairn gRPC services
 * @param peerHost host the Raft (peer) server binds to
 * @param peerPort port of the Raft server
 * @param initialCluster every member, this node included
 * @param clusterToken the Raft group id is derived from it; nodes of one cluster share it
 * @param tunables timeouts and batching; {@link Tunables#DEFAULTS} for production
 */
public record ServerConfig(
    String nodeId,
    Path dataDir,
    String clientHost,
    int clientPort,
    String peerHost,
    int peerPort,
    List<Peer> initialCluster,
    String clusterToken,
    Tunables tunables) {

  /** The cluster token used when none is given. */
  public static final String DEFAULT_CLUSTER_TOKEN = "cairn";

  /**
   * One member of the cluster.
   *
   * @param id member id, e.g. {@code n1}
   * @param peerAddress Raft address, host:port
   * @param clientAddress Cairn gRPC address, host:port
   */
  public record Peer(String id, String peerAddress, String clientAddress) {
    public Peer {
      requireText(id, "peer id");
      checkAddress(peerAddress, "peer address of " + id);
      checkAddress(clientAddress, "client address of " + id);
    }
  }

  /**
   * Timeouts and batching knobs.
   *
   * @param electionTimeoutMin Raft rpc timeout min (heartbeat = half of it)
   * @param electionTimeoutMax Raft rpc timeout max
   * @param firstElectionTimeoutMin first election after start, min
   * @param firstElectionTimeoutMax first election after start, max
   * @param snapshotThreshold applied entries between automatic snapshots (LMDB sync + log purge)
   * @param maxEntriesInFlight Raft entries the proposer keeps in flight at once
   * @param maxCommandsPerEntry commands batched into one Raft entry at most
   * @param maxPendingCommands commands queued before new ones fail with OVERLOADED
   * @param requestTimeout a proposal or read still unanswered after this fails with TIMEOUT
   * @param autoCompactionRetention history the leader keeps when compacting on its own; {@link
   *     Retention#OFF} by default
   * @param progressNotifyInterval how often an idle watch that asked for progress notifications
   *     gets a bookmark
   */
  public record Tunables(
      Duration electionTimeoutMin,
      Duration electionTimeoutMax,
      Duration firstElectionTimeoutMin,
      Duration firstElectionTimeoutMax,
      long snapshotThreshold,
      int maxEntriesInFlight,
      int maxCommandsPerEntry,
      int maxPendingCommands,
      Duration requestTimeout,
      Retention autoCompactionRetention,
      Duration progressNotifyInterval) {

    /** Production defaults: 1 s / 2 s elections (3 JVMs on 2 cores must not churn). */
    public static final Tunables DEFAULTS =
        new Tunables(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofMillis(1000),
            Duration.ofMillis(2000),
            100_000,
            // One entry in flight: every command that arrives while it commits goes into the next.
            // On 2 cores each entry's cost in Raft (log appends, messages and thread wake-ups on
            // three members) outweighs overlapping two: 2 -> 1 measured +9-37% puts at 64 callers
            // and +25-41% at 256, no loss at 1-16 (docs/benchmarks.md).
            1,
            512,
            10_000,
            Duration.ofSeconds(30),
            Retention.OFF,
            Duration.ofSeconds(10));

    public Tunables {
      Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
      Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
      Objects.requireNonNull(firstElectionTimeoutMin, "firstElectionTimeoutMin");
      Objects.requireNonNull(firstElectionTimeoutMax, "firstElectionTimeoutMax");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(autoCompactionRetention, "autoCompactionRetention");
      Objects.requireNonNull(progressNotifyInterval, "progressNotifyInterval");
      if (progressNotifyInterval.isNegative() || progressNotifyInterval.isZero()) {
        throw new IllegalArgumentException("the progress notify interval must be positive");
      }
      if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0
          || firstElectionTimeoutMax.compareTo(firstElectionTimeoutMin) <= 0) {
        throw new IllegalArgumentException("election timeout max must be above its min");
      }
      if (snapshotThreshold < 1
          || maxEntriesInFlight < 1
          || maxCommandsPerEntry < 1
          || maxPendingCommands < 1) {
        throw new IllegalArgumentException("tunables must be positive");
      }
    }

    /** A copy with a faster first election (tests: a leader within about a second). */
    public Tunables withFirstElection(Duration min, Duration max) {
      return new Tunables(
          electionTimeoutMin,
          electionTimeoutMax,
          min,
          max,
          snapshotThreshold,
          maxEntriesInFlight,
          maxCommandsPerEntry,
          maxPendingCommands,
          requestTimeout,
          autoCompactionRetention,
          progressNotifyInterval);
    }

    /** A copy with another auto-compaction retention. */
    public Tunables withAutoCompactionRetention(Retention retention) {
      return new Tunables(
          electionTimeoutMin,
          electionTimeoutMax,
          firstElectionTimeoutMin,
          firstElectionTimeoutMax,
          snapshotThreshold,
          maxEntriesInFlight,
          maxCommandsPerEntry,
          maxPendingCommands,
          requestTimeout,
          retention,
          progressNotifyInterval);
    }

    /** A copy with another watch progress-notification interval. */
    public Tunables withProgressNotifyInterval(Duration interval) {
      return new Tunables(
          electionTimeoutMin,
          electionTimeoutMax,
          firstElectionTimeoutMin,
          firstElectionTimeoutMax,
          snapshotThreshold,
          maxEntriesInFlight,
          maxCommandsPerEntry,
          maxPendingCommands,
          requestTimeout,
          autoCompactionRetention,
          interval);
    }

    /**
     * A copy with another snapshot threshold; the log purge gap and segment size follow it (see
     * RatisProperties), so tests can make a leader purge its log after a few hundred entries.
     */
    public Tunables withSnapshotThreshold(long threshold) {
      return new Tunables(
          electionTimeoutMin,
          electionTimeoutMax,
          firstElectionTimeoutMin,
          firstElectionTimeoutMax,
          threshold,
          maxEntriesInFlight,
          maxCommandsPerEntry,
          maxPendingCommands,
          requestTimeout,
          autoCompactionRetention,
          progressNotifyInterval);
    }
  }

  /**
   * How much history automatic compaction keeps: the last {@code revisions} revisions, or
   * everything newer than {@code period} (compacting to the revision that was current one period
   * ago, like etcd's periodic mode). At most one of the two is set; neither means off.
   */
  public record Retention(long revisions, Duration period) {
    public static final Retention OFF = new Retention(0, Duration.ZERO);

    public Retention {
      Objects.requireNonNull(period, "period");
      if (revisions < 0 || period.isNegative() || (revisions > 0 && !period.isZero())) {
        throw new IllegalArgumentException("a retention is a revision count or a period");
      }
    }

    public boolean isOff() {
      return revisions == 0 && period.isZero();
    }

    /**
     * Parses "1000" (revisions), "90s", "30m", "1h", "2d" (a period) or "0" / "" / "off".
     *
     * @throws IllegalArgumentException on anything else
     */
    public static Retention parse(String spec) {
      String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
      if (s.isEmpty() || s.equals("off") || s.equals("0")) {
        return OFF;
      }
      try {
        if (Character.isDigit(s.charAt(s.length() - 1))) {
          return new Retention(Long.parseLong(s), Duration.ZERO);
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        Duration d =
            switch (s.charAt(s.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              default -> throw new NumberFormatException();
            };
        return new Retention(0, d);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException(
            "auto-compaction retention '"
                + spec
                + "' is neither a revision count (1000) nor a period (90s, 30m, 1h, 2d)");
      }
    }
  }

  public ServerConfig {
    requireText(nodeId, "node id");
    Objects.requireNonNull(dataDir, "data dir is required");
    requireText(clientHost, "client host");
    requireText(peerHost, "peer host");
    checkPort(clientPort, "client port");
    checkPort(peerPort, "peer port");
    requireText(clusterToken, "cluster token");
    Objects.requireNonNull(tunables, "tunables");
    if (initialCluster == null || initialCluster.isEmpty()) {
      throw new IllegalArgumentException("the initial cluster is empty");
    }
    initialCluster = List.copyOf(initialCluster);
    validateCluster(nodeId, initialCluster);
    Peer self = initialCluster.stream().filter(p -> p.id().equals(nodeId)).findFirst().get();
    checkOwnAddress(self.peerAddress(), peerHost, peerPort, "peer", nodeId);
    checkOwnAddress(self.clientAddress(), clientHost, clientPort, "client", nodeId);
    if (clientHost.equals(peerHost) && clientPort == peerPort) {
      throw new IllegalArgumentException("client and peer address of " + nodeId + " are equal");
    }
  }

  /** A config with the default token and tunables; addresses are host:port. */
  public static ServerConfig of(
      String nodeId, Path dataDir, String clientAddr, String peerAddr, List<Peer> cluster) {
    HostPort client = HostPort.parse(clientAddr, "client address");
    HostPort peer = HostPort.parse(peerAddr, "peer address");
    return new ServerConfig(
        nodeId,
        dataDir,
        client.host(),
        client.port(),
        peer.host(),
        peer.port(),
        cluster,
        DEFAULT_CLUSTER_TOKEN,
        Tunables.DEFAULTS);
  }

  /** This config with other tunables. */
  public ServerConfig withTunables(Tunables newTunables) {
    return new ServerConfig(
        nodeId,
        dataDir,
        clientHost,
        clientPort,
        peerHost,
        peerPort,
        initialCluster,
        clusterToken,
        newTunables);
  }

  /** This config with another cluster token. */
  public ServerConfig withClusterToken(String token) {
    return new ServerConfig(
        nodeId,
        dataDir,
        clientHost,
        clientPort,
        peerHost,
        peerPort,
        initialCluster,
        token,
        tunables);
  }

  /**
   * Parses {@code n1=127.0.0.1:7101/127.0.0.1:7001,n2=...}: id=peerAddress/clientAddress per
   * member.
   */
  public static List<Peer> parseInitialCluster(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("the initial cluster is empty");
    }
    List<Peer> peers = new ArrayList<>();
    for (String part : spec.split(",")) {
      String item = part.trim();
      int eq = item.indexOf('=');
      int slash = item.indexOf('/', eq + 1);
      if (eq <= 0 || slash < 0) {
        throw new IllegalArgumentException(
            "bad initial cluster member '" + item + "': expected id=peerHost:port/clientHost:port");
      }
      peers.add(
          new Peer(
              item.substring(0, eq).trim(),
              item.substring(eq + 1, slash).trim(),
              item.substring(slash + 1).trim()));
    }
    return List.copyOf(peers);
  }

  /** The Raft group id: a name-based UUID of the cluster token, identical on every member. */
  public UUID groupUuid() {
    return UUID.nameUUIDFromBytes(
        ("cairn-cluster/" + clusterToken).getBytes(StandardCharsets.UTF_8));
  }

  /** This node's own {@link Peer} entry. */
  public Peer self() {
    return initialCluster.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
  }

  /** Host and port of an address. */
  public record HostPort(String host, int port) {
    /** Parses host:port (the host may be a bracketed IPv6 literal). */
    public static HostPort parse(String address, String what) {
      checkAddress(address, what);
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return new HostPort(host, Integer.parseInt(address.substring(colon + 1)));
    }
  }

  private static void validateCluster(String nodeId, List<Peer> cluster) {
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (Peer p : cluster) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("duplicate member id " + p.id());
      }
      if (!addresses.add(p.peerAddress())) {
        throw new IllegalArgumentException("duplicate address " + p.peerAddress());
      }
      if (!addresses.add(p.clientAddress())) {
        throw new IllegalArgumentException("duplicate address " + p.clientAddress());
      }
    }
    if (!ids.contains(nodeId)) {
      throw new IllegalArgumentException(
          "node " + nodeId + " is not in the initial cluster " + ids.stream().sorted().toList());
    }
  }

  private static void checkOwnAddress(
      String declared, String host, int port, String what, String nodeId) {
    HostPort hp = HostPort.parse(declared, what + " address of " + nodeId);
    // A wildcard bind host cannot be advertised; then only the port must agree.
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
    if (hp.port() != port || (!wildcard && !hp.host().equals(host))) {
      throw new IllegalArgumentException(
          what
              + " address "
              + host
              + ":"
              + port
              + " of "
              + nodeId
              + " does not match the initial cluster's "
              + declared);
    }
  }

  private static void checkAddress(String address, String what) {
    requireText(address, what);
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException(what + " '" + address + "' is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + address + "' has no numeric port");
    }
    checkPort(port, what);
  }

  private static void checkPort(int port, String what) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + ": port " + port + " is not in 1..65535");
    }
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }
}
