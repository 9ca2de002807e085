package io.cairn.server.testing;

import static org.awaitility.Awaitility.await;

import io.cairn.client.CairnClient;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * N Cairn nodes in one JVM on free 127.0.0.1 ports, each with its own data dir under a temp dir.
 * Nodes keep their ports and data across {@link #stop}/{@link #restart}. {@link #close()} stops
 * every node, closes every client and channel handed out, and deletes the temp dir.
 *
 * <pre>{@code
 * try (InProcessCluster cluster = InProcessCluster.start(3, tempDir)) {
 *   cluster.awaitLeaderReady();
 *   CairnClient client = cluster.client();
 *   ...
 * }
 * }</pre>
 */
public final class InProcessCluster implements AutoCloseable {
  /** Election timing for tests: a quick first election, the production 1 s / 2 s afterwards. */
  public static final ServerConfig.Tunables TEST_TUNABLES =
      ServerConfig.Tunables.DEFAULTS.withFirstElection(
          Duration.ofMillis(300), Duration.ofMillis(600));

  private static final Duration LEADER_WAIT = Duration.ofSeconds(60);

  private final Path root;
  private final Map<String, ServerConfig> configs;
  private final Map<String, CairnServer> running = new ConcurrentHashMap<>();
  private final List<AutoCloseable> handedOut = new CopyOnWriteArrayList<>();

  private InProcessCluster(Path root, Map<String, ServerConfig> configs) {
    this.root = root;
    this.configs = configs;
  }

  /** Starts {@code n} nodes (n1..nN) with data under a new temp dir inside {@code baseDir}. */
  public static InProcessCluster start(int n, Path baseDir) {
    return start(n, baseDir, TEST_TUNABLES);
  }

  /** As {@link #start(int, Path)} with other tunables. */
  public static InProcessCluster start(int n, Path baseDir, ServerConfig.Tunables tunables) {
    Path root;
    try {
      Files.createDirectories(baseDir);
      root = Files.createTempDirectory(baseDir, "cairn-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < 2 * n) {
      ports.add(freePort());
    }
    Iterator<Integer> port = ports.iterator();
    List<ServerConfig.Peer> peers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      peers.add(
          new ServerConfig.Peer("n" + i, "127.0.0.1:" + port.next(), "127.0.0.1:" + port.next()));
    }
    Map<String, ServerConfig> configs = new LinkedHashMap<>();
    for (ServerConfig.Peer p : peers) {
      configs.put(
          p.id(),
          ServerConfig.of(p.id(), root.resolve(p.id()), p.clientAddress(), p.peerAddress(), peers)
              .withTunables(tunables));
    }
    InProcessCluster cluster = new InProcessCluster(root, configs);
    try {
      configs.keySet().forEach(cluster::startNode);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Waits until one running node is a ready leader and returns it. */
  public CairnServer awaitLeaderReady() {
    return await()
        .atMost(LEADER_WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> findReadyLeader().orElse(null), s -> s != null);
  }

  /** The current ready leader; fails if there is none right now. */
  public CairnServer leader() {
    return findReadyLeader()
        .orElseThrow(() -> new IllegalStateException("no ready leader right now"));
  }

  /** The running nodes that are not the leader. */
  public List<CairnServer> followers() {
    CairnServer leader = leader();
    return running.values().stream()
        .filter(s -> s != leader)
        .sorted(Comparator.comparing(CairnServer::nodeId))
        .toList();
  }

  /** The running node {@code id}. */
  public CairnServer server(String id) {
    CairnServer s = running.get(id);
    if (s == null) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    return s;
  }

  /** Every node id, running or not, in order. */
  public List<String> ids() {
    return List.copyOf(configs.keySet());
  }

  public ServerConfig config(String id) {
    return configs.get(id);
  }

  public Path dataDir(String id) {
    return configs.get(id).dataDir();
  }

  /** Stops node {@code id} gracefully (ports and data are kept). */
  public void stop(String id) {
    CairnServer s = running.remove(id);
    if (s != null) {
      s.close();
    }
  }

  /** Starts node {@code id} again on the same ports and data (stops it first if running). */
  public CairnServer restart(String id) {
    stop(id);
    return startNode(id);
  }

  /** Stops node {@code id}, deletes its data dir, and starts it empty on the same ports. */
  public CairnServer wipeAndRestart(String id) {
    stop(id);
    deleteRecursively(dataDir(id));
    return startNode(id);
  }

  public void stopAll() {
    configs.keySet().forEach(this::stop);
  }

  public void restartAll() {
    stopAll();
    configs.keySet().forEach(this::startNode);
  }

  /** Client endpoints (host:port) of every node, running or not. */
  public List<String> clientEndpoints() {
    return configs.values().stream().map(c -> c.self().clientAddress()).toList();
  }

  public String clientEndpoint(String id) {
    return configs.get(id).self().clientAddress();
  }

  /** A client over every endpoint; closed with the cluster. */
  public CairnClient client() {
    return track(CairnClient.builder().endpoints(clientEndpoints()).build());
  }

  /** A client over the endpoints of the given nodes only; closed with the cluster. */
  public CairnClient client(String... ids) {
    List<String> endpoints = Stream.of(ids).map(this::clientEndpoint).toList();
    return track(CairnClient.builder().endpoints(endpoints).build());
  }

  /** A raw gRPC channel to node {@code id}'s client port; closed with the cluster. */
  public ManagedChannel channel(String id) {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(clientEndpoint(id))
            .usePlaintext()
            .maxInboundMessageSize(8 << 20)
            .build();
    handedOut.add(
        () -> {
          channel.shutdownNow();
          channel.awaitTermination(5, TimeUnit.SECONDS);
        });
    return channel;
  }

  @Override
  public void close() {
    for (AutoCloseable c : handedOut) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort: the nodes below must still stop
      }
    }
    handedOut.clear();
    stopAll();
    deleteRecursively(root);
  }

  private CairnServer startNode(String id) {
    CairnServer s = CairnServer.start(configs.get(id));
    running.put(id, s);
    return s;
  }

  private Optional<CairnServer> findReadyLeader() {
    return running.values().stream().filter(CairnServer::isLeaderReady).findFirst();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    handedOut.add(closeable);
    return closeable;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
