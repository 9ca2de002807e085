package io.cairn.cli.local;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.GetOptions;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A cluster of N nodes on this machine, each a separate OS process running {@code cairn server}.
 * Node {@code i} (1-based, id {@code n<i>}) serves clients on {@code basePort + i - 1} and peers on
 * {@code basePort + 100 + i - 1}. Layout on disk: {@code DATA/local.properties} (nodes, base port),
 * and per node {@code DATA/<id>/} with its data, {@code pid} and {@code node.log}.
 */
public final class LocalCluster {
  static final String LAYOUT_FILE = "local.properties";
  static final String MAIN_CLASS = "io.cairn.cli.CairnCli";

  private final Path dataDir;
  private final int nodes;
  private final int basePort;

  public LocalCluster(Path dataDir, int nodes, int basePort) {
    if (nodes < 1 || nodes > 9) {
      throw CliException.usage("--nodes must be between 1 and 9");
    }
    if (basePort < 1 || basePort + 100 + nodes - 1 > 65535) {
      throw CliException.usage("--base-port " + basePort + " leaves no room for the peer ports");
    }
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.nodes = nodes;
    this.basePort = basePort;
  }

  /** The layout a previous {@code cairn local} recorded in this data dir, if any. */
  public static Optional<LocalCluster> recorded(Path dataDir) {
    Path file = dataDir.resolve(LAYOUT_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
      return Optional.of(
          new LocalCluster(
              dataDir,
              Integer.parseInt(p.getProperty("nodes")),
              Integer.parseInt(p.getProperty("base-port"))));
    } catch (IOException | RuntimeException e) {
      throw CliException.usage(file + " is damaged; remove it or use another --data-dir");
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public int nodes() {
    return nodes;
  }

  public int basePort() {
    return basePort;
  }

  public List<String> ids() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      ids.add("n" + i);
    }
    return ids;
  }

  public String clientAddress(String id) {
    return "127.0.0.1:" + (basePort + index(id));
  }

  String peerAddress(String id) {
    return "127.0.0.1:" + (basePort + 100 + index(id));
  }

  public List<String> endpoints() {
    return ids().stream().map(this::clientAddress).toList();
  }

  public Path nodeDir(String id) {
    return dataDir.resolve(id);
  }

  public Path pidFile(String id) {
    return nodeDir(id).resolve("pid");
  }

  public Path logFile(String id) {
    return nodeDir(id).resolve("node.log");
  }

  String initialCluster() {
    return ids().stream()
        .map(id -> id + "=" + peerAddress(id) + "/" + clientAddress(id))
        .collect(Collectors.joining(","));
  }

  /** The live process of a node, from its pid file; empty if it is not running. */
  public Optional<ProcessHandle> process(String id) {
    Path pid = pidFile(id);
    if (!Files.isRegularFile(pid)) {
      return Optional.empty();
    }
    try {
      long n = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
      // a recycled pid that is not a Cairn node does not count
      return ProcessHandle.of(n).filter(ProcessHandle::isAlive).filter(LocalCluster::isNode);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a live process looks like a node. The JDK reads only the start of a long command line
   * (the expanded class path comes first), so the main class may be cut off: a java process then
   * counts too. So does a node still on its way to java (the JDK's spawn helper, then setsid): a
   * check in that window must not take a starting node for a dead one and orphan it.
   */
  private static boolean isNode(ProcessHandle h) {
    ProcessHandle.Info info = h.info();
    boolean mainClass = info.commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(true);
    boolean launcher =
        info.command()
            .map(c -> c.endsWith("/java") || c.endsWith("/setsid") || c.endsWith("/jspawnhelper"))
            .orElse(false);
    return mainClass || launcher;
  }

  /** Starts every node that is not running; returns the ids it started. */
  public List<String> start() {
    writeLayout();
    List<String> started = new ArrayList<>();
    for (String id : ids()) {
      if (process(id).isPresent()) {
        continue;
      }
      startNode(id);
      started.add(id);
    }
    return started;
  }

  private void startNode(String id) {
    try {
      Files.createDirectories(nodeDir(id));
      List<String> cmd = new ArrayList<>();
      Path setsid = Path.of("/usr/bin/setsid");
      if (Files.isExecutable(setsid)) {
        cmd.add(setsid.toString()); // own session: a Ctrl-C or hangup of this terminal spares it
      }
      cmd.add(javaBinary());
      cmd.addAll(jvmOptions());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(MAIN_CLASS);
      cmd.addAll(
          List.of(
              "server",
              "--id",
              id,
              "--data-dir",
              nodeDir(id).toString(),
              "--client-addr",
              clientAddress(id),
              "--peer-addr",
              peerAddress(id),
              "--initial-cluster",
              initialCluster()));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(id).toFile()));
      pb.redirectErrorStream(true);
      // settings for client commands must not leak into the nodes
      pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
      Process p = pb.start();
      Files.writeString(pidFile(id), p.pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, "cannot start node " + id + ": " + e.getMessage());
    }
  }

  /**
   * Waits until a linearizable read succeeds (a leader is elected and ready), failing early with
   * the node's last log line if a node exits.
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (CairnClient client =
        CairnClient.builder().endpoints(endpoints()).callTimeout(Duration.ofSeconds(2)).build()) {
      while (true) {
        for (String id : ids()) {
          if (process(id).isEmpty()) {
            throw new CliException(
                ExitCode.FAILED,
                "node " + id + " exited: " + lastLogLine(id) + " (log: " + logFile(id) + ")");
          }
        }
        try {
          client.get(Bytes.utf8("cairn/local/ready"), GetOptions.DEFAULT).join();
          return;
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new CliException(
                ExitCode.UNAVAILABLE,
                "the local cluster has no ready leader after "
                    + timeout.toSeconds()
                    + " s (logs: "
                    + dataDir
                    + "/<id>/node.log)");
          }
        }
        pause(200);
      }
    }
  }

  /** Stops every running node (SIGTERM, then SIGKILL after the grace period); returns pids. */
  public List<String> stop(Duration grace) {
    List<String> stopped = new ArrayList<>();
    List<ProcessHandle> running = new ArrayList<>();
    for (String id : ids()) {
      process(id)
          .ifPresent(
              h -> {
                h.destroy();
                running.add(h);
                stopped.add(id + " (pid " + h.pid() + ")");
              });
    }
    for (ProcessHandle h : running) {
      try {
        h.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (String id : ids()) {
      try {
        Files.deleteIfExists(pidFile(id));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return stopped;
  }

  String lastLogLine(String id) {
    try {
      List<String> lines = Files.readAllLines(logFile(id), StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // fall through
    }
    return "no log output";
  }

  private void writeLayout() {
    try {
      Files.createDirectories(dataDir);
      Properties p = new Properties();
      p.setProperty("nodes", Integer.toString(nodes));
      p.setProperty("base-port", Integer.toString(basePort));
      try (Writer w = Files.newBufferedWriter(dataDir.resolve(LAYOUT_FILE))) {
        p.store(w, "cairn local: the cluster in this directory");
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCode.FAILED, "cannot write to data dir " + dataDir + ": " + e.getMessage());
    }
  }

  private int index(String id) {
    return Integer.parseInt(id.substring(1)) - 1;
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** This JVM's --add-opens and -D settings (never agents: a debugger port would clash). */
  private static List<String> jvmOptions() {
    List<String> opts = new ArrayList<>();
    List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (int i = 0; i < mine.size(); i++) {
      String a = mine.get(i);
      if (a.startsWith("-D") || a.startsWith("-Xmx") || a.startsWith("--add-opens=")) {
        opts.add(a);
      } else if (a.equals("--add-opens") && i + 1 < mine.size()) {
        opts.add(a);
        opts.add(mine.get(++i));
      }
    }
    for (String pkg : List.of("java.nio", "sun.nio.ch")) {
      opts.add("--add-opens");
      opts.add("java.base/" + pkg + "=ALL-UNNAMED");
    }
    String extra = System.getenv("CAIRN_NODE_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      opts.addAll(List.of(extra.strip().split("\\s+")));
    }
    return opts;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.FAILED, "interrupted");
    }
  }
}
