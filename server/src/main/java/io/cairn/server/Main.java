package io.cairn.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Starts one node from command-line arguments and runs until the JVM is asked to stop.
 *
 * <pre>
 * --id n1 --data-dir DIR --client-addr 127.0.0.1:7001 --peer-addr 127.0.0.1:7101
 * --initial-cluster n1=127.0.0.1:7101/127.0.0.1:7001,n2=...,n3=...
 * [--cluster-token cairn] [--auto-compaction-retention 1000|1h] [--debug]
 * [--metrics-addr 127.0.0.1:9101]   (HTTP /metrics, /livez, /readyz; off when absent)
 * </pre>
 */
public final class Main {
  private static final Set<String> OPTIONS =
      Set.of(
          "--id",
          "--data-dir",
          "--client-addr",
          "--peer-addr",
          "--initial-cluster",
          "--cluster-token",
          "--auto-compaction-retention",
          "--metrics-addr");

  private Main() {}

  public static void main(String[] args) {
    boolean debug = false;
    for (String a : args) {
      debug |= a.equals("--debug");
    }
    configureLogging(debug);
    CairnServer server;
    try {
      ServerConfig config = parse(args);
      java.util.Optional<ServerConfig.HostPort> metrics = metricsAddress(args);
      CairnServer node = CairnServer.start(config);
      try {
        metrics.ifPresent(m -> node.serveMetrics(m.host(), m.port()));
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
      server = node;
    } catch (RuntimeException e) {
      System.err.println("cairn: " + e.getMessage());
      if (debug) {
        e.printStackTrace();
      }
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cairn-shutdown"));
    try {
      server.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
  }

  /** Parses the arguments into a config; every problem is an IllegalArgumentException. */
  static ServerConfig parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--debug")) {
        continue;
      }
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("option " + arg + " needs a value");
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      values.put(name, value);
    }
    ServerConfig config =
        ServerConfig.of(
            required(values, "--id"),
            Path.of(required(values, "--data-dir")),
            required(values, "--client-addr"),
            required(values, "--peer-addr"),
            ServerConfig.parseInitialCluster(required(values, "--initial-cluster")));
    String token = values.get("--cluster-token");
    if (token != null) {
      config = config.withClusterToken(token);
    }
    String retention = values.get("--auto-compaction-retention");
    if (retention != null) {
      config =
          config.withTunables(
              config
                  .tunables()
                  .withAutoCompactionRetention(ServerConfig.Retention.parse(retention)));
    }
    return config;
  }

  /** The --metrics-addr value, if given (validated; parse() has checked the other options). */
  static java.util.Optional<ServerConfig.HostPort> metricsAddress(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--metrics-addr=")) {
        return java.util.Optional.of(
            ServerConfig.HostPort.parse(
                args[i].substring("--metrics-addr=".length()), "metrics address"));
      }
      if (args[i].equals("--metrics-addr") && i + 1 < args.length) {
        return java.util.Optional.of(ServerConfig.HostPort.parse(args[i + 1], "metrics address"));
      }
    }
    return java.util.Optional.empty();
  }

  private static String required(Map<String, String> values, String name) {
    String v = values.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing required option " + name);
    }
    return v;
  }

  private static void configureLogging(boolean debug) {
    // Must run before the first logger is created; explicit -D settings win.
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "info");
    setDefault("org.slf4j.simpleLogger.log.org.apache.ratis", "warn");
    setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    // The shaded gRPC inside Ratis logs through java.util.logging.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
