package io.cairn.jepsen.cluster;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.EndpointStatus;
import io.cairn.client.GetOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N Cairn nodes, each an OS process running {@code bin/cairn server} (inside its network's
 * launcher), with data in {@code RUN/<id>/} and output appended to {@code RUN/logs/<id>.log}.
 * Thread-safe. {@link #close()} kills every process it started.
 *
 * <p>For the member fault a node can be marked removed (then {@link #start} leaves it down) and
 * started again as a new member with {@code --join} ({@link #startJoining}); a node that joined
 * that way is restarted with {@code --join} too, so it never starts on an empty data dir believing
 * it is a voter of the initial cluster.
 */
public final class ProcessCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);

  private final String runId;
  private final Path runDir;
  private final Path cairn;
  private final Network network;
  private final List<String> nodes;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<String, Boolean> paused = new LinkedHashMap<>();
  private final Set<String> joined = new HashSet<>();
  private final Set<String> removed = new HashSet<>();

  public ProcessCluster(String runId, Path runDir, Path cairn, Network network, int size) {
    this.runId = runId;
    this.runDir = runDir;
    this.cairn = cairn;
    this.network = network;
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      ids.add("n" + i);
    }
    this.nodes = List.copyOf(ids);
  }

  public List<String> nodes() {
    return nodes;
  }

  public Network network() {
    return network;
  }

  /** The nodes not currently removed from the cluster by the member fault. */
  public synchronized List<String> activeNodes() {
    return nodes.stream().filter(n -> !removed.contains(n)).toList();
  }

  /** Marks {@code node} as out of the cluster: {@link #start} leaves it down from now on. */
  public synchronized void markRemoved(String node) {
    removed.add(node);
  }

  public String endpoint(String node) {
    return network.host(node) + ":" + network.clientPort(node);
  }

  public List<String> endpoints() {
    return nodes.stream().map(this::endpoint).toList();
  }

  /** The node serving {@code endpoint}, or null. */
  public String nodeAt(String endpoint) {
    for (String n : nodes) {
      if (endpoint(n).equals(endpoint)) {
        return n;
      }
    }
    return null;
  }

  public Path logFile(String node) {
    return runDir.resolve("logs").resolve(node + ".log");
  }

  private String peerAddress(String node) {
    return network.peerHost(node) + ":" + network.peerPort(node);
  }

  private String initialCluster() {
    return nodes.stream()
        .map(n -> n + "=" + peerAddress(n) + "/" + endpoint(n))
        .collect(Collectors.joining(","));
  }

  public synchronized void startAll() {
    for (String n : nodes) {
      start(n);
    }
  }

  /**
   * Starts {@code node} as a new member: no longer removed, it runs {@code cairn server --join}
   * with the other nodes' client endpoints, and so will every later restart.
   */
  public synchronized void startJoining(String node) {
    removed.remove(node);
    joined.add(node);
    start(node);
  }

  /** Deletes {@code node}'s data dir; refused while its process runs. */
  public synchronized void wipe(String node) {
    if (isRunning(node)) {
      throw new IllegalStateException("cannot wipe " + node + ": its process is running");
    }
    Path dir = runDir.resolve(node);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot wipe the data dir of " + node, e);
    }
    LOG.info("[{}] wiped the data dir of {}", runId, node);
  }

  /** Starts {@code node} unless it is running or removed. */
  public synchronized void start(String node) {
    Process p = processes.get(node);
    if (p != null && p.isAlive()) {
      return;
    }
    if (removed.contains(node)) {
      LOG.info("[{}] not starting {}: it was removed from the cluster", runId, node);
      return;
    }
    try {
      Path log = logFile(node);
      Files.createDirectories(log.getParent());
      Files.createDirectories(runDir.resolve(node));
      List<String> cmd = new ArrayList<>(network.launcher(node));
      cmd.addAll(
          List.of(
              cairn.toString(),
              "server",
              "--id",
              node,
              "--data-dir",
              runDir.resolve(node).toString(),
              "--client-addr",
              endpoint(node),
              "--peer-addr",
              peerAddress(node)));
      if (joined.contains(node)) {
        String others =
            nodes.stream()
                .filter(n -> !n.equals(node))
                .map(this::endpoint)
                .collect(Collectors.joining(","));
        cmd.addAll(List.of("--join", others));
      } else {
        cmd.addAll(List.of("--initial-cluster", initialCluster()));
      }
      List<String> jvm = new ArrayList<>(List.of("-Xms64m", "-Xmx384m"));
      jvm.addAll(network.jvmOptions(node));
      String javaOpts = String.join(" ", jvm);
      Files.writeString(
          log,
          "=== harness "
              + runId
              + ": starting CAIRN_JAVA_OPTS='"
              + javaOpts
              + "' "
              + String.join(" ", cmd)
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.redirectErrorStream(true);
      pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
      pb.environment().put("CAIRN_JAVA_OPTS", javaOpts);
      Process started = pb.start();
      processes.put(node, started);
      paused.put(node, false);
      LOG.info("[{}] started {} (pid {}) at {}", runId, node, started.pid(), endpoint(node));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + node, e);
    }
  }

  public synchronized boolean isRunning(String node) {
    Process p = processes.get(node);
    return p != null && p.isAlive();
  }

  /** kill -9, waiting until the process is gone. */
  public synchronized void kill(String node) {
    Process p = processes.get(node);
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    paused.put(node, false);
    LOG.info("[{}] killed {} (pid {})", runId, node, p.pid());
  }

  /** SIGSTOP. */
  public synchronized void pause(String node) {
    signal(node, "-STOP");
    paused.put(node, true);
  }

  /** SIGCONT. */
  public synchronized void resume(String node) {
    if (!paused.getOrDefault(node, false)) {
      return;
    }
    signal(node, "-CONT");
    paused.put(node, false);
  }

  private void signal(String node, String sig) {
    Process p = processes.get(node);
    if (p != null && p.isAlive()) {
      Shell.check("kill", sig, Long.toString(p.pid()));
      LOG.info("[{}] kill {} {} (pid {})", runId, sig, node, p.pid());
    }
  }

  /** Waits until a linearizable read succeeds; fails early if a node exits. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (CairnClient client =
        CairnClient.builder().endpoints(endpoints()).callTimeout(Duration.ofSeconds(2)).build()) {
      while (true) {
        for (String n : nodes) {
          Process p;
          synchronized (this) {
            p = processes.get(n);
          }
          if (p != null && !p.isAlive()) {
            throw new IllegalStateException(
                "node " + n + " exited with " + p.exitValue() + "; see " + logFile(n));
          }
        }
        try {
          client.get(Bytes.utf8("jepsen/ready"), GetOptions.DEFAULT).join();
          return;
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "no ready leader after " + timeout.toSeconds() + " s; logs in " + runDir);
          }
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }
  }

  /** The node that says it is the leader, asking each running node (short timeout). */
  public Optional<String> leader(CairnClient client) {
    for (String n : nodes) {
      synchronized (this) {
        if (!isRunning(n) || paused.getOrDefault(n, false)) {
          continue;
        }
      }
      try {
        EndpointStatus s = client.status(endpoint(n)).get(1, TimeUnit.SECONDS);
        if ("LEADER".equalsIgnoreCase(s.role())) {
          return Optional.of(n);
        }
        if (s.leaderClientAddress() != null && !s.leaderClientAddress().isEmpty()) {
          String at = nodeAt(s.leaderClientAddress());
          if (at != null) {
            return Optional.of(at);
          }
        }
      } catch (Exception e) {
        // ask the next one
      }
    }
    return Optional.empty();
  }

  /** Kills every node process (resuming paused ones is unnecessary: SIGKILL ends them too). */
  @Override
  public synchronized void close() {
    for (Map.Entry<String, Process> e : processes.entrySet()) {
      Process p = e.getValue();
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (Process p : processes.values()) {
      try {
        p.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
    LOG.info("[{}] stopped {} node processes", runId, processes.size());
  }
}
