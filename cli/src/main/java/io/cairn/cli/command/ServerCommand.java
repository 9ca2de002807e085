package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.cli.option.ConfigFile;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn server}: runs one node in this process until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    defaultValueProvider = CairnDefaults.class,
    description = {
      "Runs one Cairn node until it gets SIGTERM (or Ctrl-C), then stops it gracefully.",
      "Every option may also come from the environment (CAIRN_ID, CAIRN_DATA_DIR, ...) or from"
          + " the YAML file of --config (keys are the option names: 'data-dir: /var/lib/cairn')."
          + " Precedence: flag > environment > file."
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file with option values (env CAIRN_CONFIG).")
  Path config;

  @Option(names = "--id", paramLabel = "ID", description = "This node's member id, e.g. n1.")
  String id;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Raft log and LMDB data.")
  Path dataDir;

  @Option(
      names = "--client-addr",
      paramLabel = "HOST:PORT",
      description = "Where clients connect (Cairn gRPC).")
  String clientAddr;

  @Option(
      names = "--peer-addr",
      paramLabel = "HOST:PORT",
      description = "Where the other members connect (Raft).")
  String peerAddr;

  @Option(
      names = "--initial-cluster",
      paramLabel = "ID=PEER/CLIENT,...",
      description =
          "Every member: n1=127.0.0.1:7101/127.0.0.1:7001,n2=127.0.0.1:7102/127.0.0.1:7002,...")
  String initialCluster;

  @Option(
      names = "--join",
      paramLabel = "ENDPOINTS",
      description =
          "Join a running cluster through these client endpoints (host:port,...) instead of"
              + " --initial-cluster: the node starts empty and adds itself as a learner; promote"
              + " it with 'cairn member promote ID' once it has caught up.")
  String join;

  @Option(
      names = "--cluster-token",
      paramLabel = "TOKEN",
      defaultValue = ServerConfig.DEFAULT_CLUSTER_TOKEN,
      description =
          "Identifies the cluster; every member uses the same (default ${DEFAULT-VALUE}).")
  String clusterToken;

  @Option(
      names = "--auto-compaction-retention",
      paramLabel = "N|DURATION",
      defaultValue = "off",
      description =
          "Compact history automatically, keeping the last N revisions (e.g. 10000) or a time"
              + " window (e.g. 1h); 'off' (default) keeps all history until 'cairn compact'.")
  String autoCompactionRetention;

  @Option(
      names = "--snapshot-count",
      paramLabel = "N",
      defaultValue = "100000",
      description =
          "Applied entries between snapshots (LMDB fsync + Raft log purge); the log keeps"
              + " min(10000, N) entries behind the snapshot (default ${DEFAULT-VALUE}).")
  long snapshotCount;

  @Option(
      names = "--metrics-addr",
      paramLabel = "HOST:PORT",
      description = "Serve Prometheus /metrics, /livez and /readyz over HTTP here (default: off).")
  String metricsAddr;

  @Override
  public Integer call() {
    try {
      ServerConfig cfg = config();
      checkFree(cfg.clientHost(), cfg.clientPort(), "client");
      checkFree(cfg.peerHost(), cfg.peerPort(), "peer");
      configureLogging();
      ServerConfig.HostPort metrics = metricsAddress();
      if (metrics != null) {
        checkFree(metrics.host(), metrics.port(), "metrics");
      }
      CairnServer server = start(cfg);
      if (join != null) {
        try {
          new Joiner(join).addSelf(cfg);
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      if (metrics != null) {
        serveMetrics(server, metrics);
      }
      spec.commandLine()
          .getErr()
          .printf(
              "[%s] serving clients on %s:%d, peers on %s:%d%n",
              cfg.nodeId(), cfg.clientHost(), cfg.clientPort(), cfg.peerHost(), cfg.peerPort());
      spec.commandLine().getErr().flush();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cairn-shutdown"));
      server.awaitTermination();
      return ExitCode.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILED;
    } catch (RuntimeException e) {
      Errors.report(spec.commandLine().getErr(), e);
      return Errors.exitCode(e);
    }
  }

  /** The validated node config from flags, environment and file. */
  ServerConfig config() {
    if (config != null) {
      checkKeys(ConfigFile.load(config));
    }
    String nodeId = required(id, "--id");
    Path dir = dataDir;
    if (dir == null) {
      throw missing("--data-dir");
    }
    try {
      ServerConfig cfg =
          ServerConfig.of(
              nodeId,
              dir,
              required(clientAddr, "--client-addr"),
              required(peerAddr, "--peer-addr"),
              join != null
                  ? new Joiner(join)
                      .initialCluster(
                          nodeId,
                          required(peerAddr, "--peer-addr"),
                          required(clientAddr, "--client-addr"))
                  : ServerConfig.parseInitialCluster(
                      required(initialCluster, "--initial-cluster")));
      cfg = cfg.withClusterToken(clusterToken);
      return cfg.withTunables(
          cfg.tunables()
              .withAutoCompactionRetention(ServerConfig.Retention.parse(autoCompactionRetention))
              .withSnapshotThreshold(snapshotCount));
    } catch (IllegalArgumentException e) {
      throw CliException.usage("inconsistent configuration: " + e.getMessage());
    }
  }

  private CairnServer start(ServerConfig cfg) {
    try {
      return join != null ? CairnServer.startJoining(cfg) : CairnServer.start(cfg);
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException) {
          throw new CliException(
              ExitCode.FAILED, "node " + cfg.nodeId() + " cannot bind its port: " + t.getMessage());
        }
      }
      throw new CliException(
          ExitCode.FAILED, "node " + cfg.nodeId() + " failed to start: " + e.getMessage(), e);
    }
  }

  /** The validated --metrics-addr, null when off. */
  ServerConfig.HostPort metricsAddress() {
    if (metricsAddr == null || metricsAddr.isBlank()) {
      return null;
    }
    try {
      return ServerConfig.HostPort.parse(metricsAddr, "--metrics-addr");
    } catch (IllegalArgumentException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  private static void serveMetrics(CairnServer server, ServerConfig.HostPort addr) {
    try {
      server.serveMetrics(addr.host(), addr.port());
    } catch (RuntimeException e) {
      server.close();
      throw new CliException(
          ExitCode.FAILED,
          "node "
              + server.nodeId()
              + " cannot serve metrics on "
              + addr.host()
              + ":"
              + addr.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Fails early with a clear line instead of a half-started node. */
  static void checkFree(String host, int port, String what) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new CliException(
          ExitCode.FAILED,
          what + " address " + host + ":" + port + " is already in use (or cannot be bound)");
    } catch (UncheckedIOException | IllegalArgumentException e) {
      throw CliException.usage(what + " address " + host + ":" + port + " is not valid");
    }
  }

  private void checkKeys(ConfigFile file) {
    Set<String> known = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      String name = o.longestName().replaceFirst("^-+", "");
      if (!name.equals("config") && !name.equals("help")) {
        known.add(name);
      }
    }
    for (String key : file.values().keySet()) {
      if (!known.contains(key)) {
        throw CliException.usage(
            "config file " + file.path() + ": unknown key '" + key + "' (known: " + known + ")");
      }
    }
  }

  private static String required(String value, String option) {
    if (value == null || value.isBlank()) {
      throw missing(option);
    }
    return value;
  }

  private static CliException missing(String option) {
    String name = option.substring(2);
    return CliException.usage(
        "missing "
            + option
            + " (or "
            + CairnDefaults.envName(name)
            + ", or '"
            + name
            + ":' in the --config file)");
  }

  private static void configureLogging() {
    // before the first logger exists; explicit -D settings win
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
    setDefault("org.slf4j.simpleLogger.log.org.apache.ratis", "warn");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
