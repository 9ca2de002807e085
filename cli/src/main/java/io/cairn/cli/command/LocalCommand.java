package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.local.LocalCluster;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.cli.option.OutputFormat;
import io.cairn.cli.shell.CairnShell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn local}: a cluster of node processes on this machine, then a shell on it. */
@Command(
    name = "local",
    subcommands = LocalStopCommand.class,
    defaultValueProvider = CairnDefaults.class,
    description = {
      "Starts a local cluster: N nodes as separate processes (node i serves clients on"
          + " base-port+i-1 and peers on base-port+100+i-1), waits for a ready leader, prints the"
          + " endpoints and opens the shell; leaving the shell stops the nodes it started.",
      "With --detach it returns once the cluster is ready and leaves it running ('cairn local"
          + " stop' stops it). Run again on the same data dir to restart the same cluster with"
          + " its data. Each node's pid is in DATA_DIR/<id>/pid, its log in DATA_DIR/<id>/node.log."
    })
public final class LocalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description = "Number of nodes (default 3, or what the data dir holds).")
  Integer nodes;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./cairn-data",
      description = "Where the nodes keep their data (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--base-port",
      paramLabel = "PORT",
      description = "First client port (default 7001, or what the data dir holds).")
  Integer basePort;

  @Option(names = "--detach", description = "Return once the cluster is ready; leave it running.")
  boolean detach;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "90s",
      converter = io.cairn.cli.option.DurationConverter.class,
      description = "How long to wait for a ready leader (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      LocalCluster cluster = cluster();
      List<String> started = cluster.start();
      Thread stopper = new Thread(() -> cluster.stop(Duration.ofSeconds(15)), "cairn-local-stop");
      boolean stopOnExit = !detach && !started.isEmpty();
      if (stopOnExit) {
        Runtime.getRuntime().addShutdownHook(stopper);
      }
      try {
        cluster.awaitReady(wait);
      } catch (RuntimeException e) {
        if (!started.isEmpty()) {
          cluster.stop(Duration.ofSeconds(15));
        }
        throw e;
      }
      describe(cluster, started, out);
      if (detach) {
        out.println("Stop it with: cairn local stop --data-dir " + cluster.dataDir());
        out.flush();
        return ExitCode.OK;
      }
      String endpoints = String.join(",", cluster.endpoints());
      CairnShell shell =
          new CairnShell(
              endpoints,
              Duration.ofSeconds(5),
              OutputFormat.simple,
              false,
              cluster.dataDir().resolve("shell_history"));
      int code =
          System.console() != null
              ? shell.runInteractive("Connected to " + endpoints)
              : shell.runPiped(System.in, out, spec.commandLine().getErr());
      if (stopOnExit) {
        Runtime.getRuntime().removeShutdownHook(stopper);
        cluster.stop(Duration.ofSeconds(15));
        out.println("Stopped the local cluster (data kept in " + cluster.dataDir() + ").");
        out.flush();
      }
      return code;
    } catch (RuntimeException e) {
      Errors.report(spec.commandLine().getErr(), e);
      return Errors.exitCode(e);
    }
  }

  private LocalCluster cluster() {
    Optional<LocalCluster> recorded = LocalCluster.recorded(dataDir);
    if (recorded.isPresent()) {
      LocalCluster r = recorded.get();
      if ((nodes != null && nodes != r.nodes()) || (basePort != null && basePort != r.basePort())) {
        throw CliException.usage(
            "data dir "
                + r.dataDir()
                + " holds a "
                + r.nodes()
                + "-node cluster on base port "
                + r.basePort()
                + "; use those values or another --data-dir");
      }
      return r;
    }
    return new LocalCluster(dataDir, nodes == null ? 3 : nodes, basePort == null ? 7001 : basePort);
  }

  private static void describe(LocalCluster cluster, List<String> started, PrintWriter out) {
    out.printf(
        "Cairn local cluster ready: %d node(s), data in %s%n", cluster.nodes(), cluster.dataDir());
    for (String id : cluster.ids()) {
      String pid = cluster.process(id).map(h -> Long.toString(h.pid())).orElse("?");
      out.printf(
          "  %-3s client %s  pid %-7s log %s%s%n",
          id,
          cluster.clientAddress(id),
          pid,
          cluster.logFile(id),
          started.contains(id) ? "" : "  (already running)");
    }
    out.println("Endpoints: " + String.join(",", cluster.endpoints()));
    out.flush();
  }
}
