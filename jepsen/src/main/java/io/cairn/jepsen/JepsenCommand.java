package io.cairn.jepsen;

import io.cairn.jepsen.nemesis.Fault;
import io.cairn.jepsen.nemesis.PartitionShape;
import io.cairn.jepsen.run.JepsenRun;
import io.cairn.jepsen.run.RunOptions;
import io.cairn.jepsen.run.RunResult;
import io.cairn.jepsen.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cairn jepsen run}: a fault-injection test against real node processes. */
@Command(
    name = "jepsen",
    description = "Jepsen-style tests against a cluster of real node processes.",
    mixinStandardHelpOptions = true,
    subcommands = {JepsenCommand.Run.class})
public final class JepsenCommand implements Callable<Integer> {
  /** Exit codes of {@code cairn jepsen run}. */
  public static final int VALID = 0;

  public static final int INVALID = 1;
  public static final int USAGE = 2;
  public static final int UNKNOWN = 3;
  public static final int HARNESS_FAILED = 7;

  @Spec CommandSpec spec;

  public JepsenCommand() {}

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return USAGE;
  }

  /** {@code cairn jepsen run [options]}. */
  @Command(
      name = "run",
      description = {
        "Starts N nodes (bin/cairn server) in their own network namespaces (or behind per-link"
            + " proxies without root), runs a workload with faults, checks the history and writes DIR/<run-id>/ (history.jsonl, results.json,"
            + " report.html, logs/).",
        "Exit: 0 valid, 1 invalid, 3 unknown, 2 usage error, 7 the harness itself failed."
      },
      mixinStandardHelpOptions = true,
      sortOptions = false)
  public static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--nodes",
        defaultValue = "5",
        description = "cluster size (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(
        names = "--time",
        defaultValue = "60",
        description = "seconds of workload, the last part healed (default ${DEFAULT-VALUE})")
    String time;

    @Option(
        names = "--workload",
        defaultValue = "register",
        description = "register, set, bank, watch or append (default ${DEFAULT-VALUE})")
    String workload;

    @Option(
        names = "--nemesis",
        defaultValue = "kill,pause,partition",
        description =
            "comma-separated faults: kill, pause, partition, member, or none (default"
                + " ${DEFAULT-VALUE})")
    String nemesis;

    @Option(
        names = "--partitions",
        defaultValue = "halves,isolate-leader,majorities-ring,one-way",
        description = "partition shapes to pick from (default ${DEFAULT-VALUE})")
    String partitions;

    @Option(
        names = "--concurrency",
        defaultValue = "10",
        description = "worker threads (default ${DEFAULT-VALUE})")
    int concurrency;

    @Option(
        names = "--rate",
        defaultValue = "200",
        description =
            "target operations per second, all workers together (default ${DEFAULT-VALUE})")
    double rate;

    @Option(
        names = "--seed",
        description = "random seed for workload and faults (default: time based)")
    Long seed;

    @Option(
        names = "--out",
        defaultValue = "jepsen-runs",
        description = "directory for run directories (default ${DEFAULT-VALUE})")
    Path out;

    @Option(
        names = "--unsafe-serializable-reads",
        description = "negative control: register and bank reads use SERIALIZABLE consistency")
    boolean unsafeReads;

    @Option(
        names = "--op-timeout",
        defaultValue = "2s",
        description = "client deadline per operation, retries included (default ${DEFAULT-VALUE})")
    String opTimeout;

    @Option(
        names = "--fault-duration",
        defaultValue = "6s",
        description = "length of each fault window (default ${DEFAULT-VALUE})")
    String faultDuration;

    @Option(
        names = "--heal-duration",
        defaultValue = "5s",
        description = "healed time between faults (default ${DEFAULT-VALUE})")
    String healDuration;

    @Option(
        names = "--final-heal",
        description =
            "healed time at the end of the workload (default: a quarter of --time, 5-15 s)")
    String finalHeal;

    @Option(
        names = "--ops-per-key",
        defaultValue = "100",
        description =
            "register: operations per key before it is retired (default ${DEFAULT-VALUE})")
    int opsPerKey;

    @Option(
        names = "--check-timeout",
        defaultValue = "60s",
        description =
            "time limit of the linearizability check; past it the result is unknown (default ${DEFAULT-VALUE})")
    String checkTimeout;

    @Option(
        names = "--network",
        defaultValue = "auto",
        description =
            "netns (namespaces, root), proxy (a TCP proxy per Raft link, no root), loopback (no"
                + " partitions) or auto: netns, else proxy (default ${DEFAULT-VALUE})")
    String network;

    @Option(
        names = "--cairn",
        description =
            "the bin/cairn launcher that starts nodes (default: found from this installation or the working directory)")
    Path cairn;

    public Run() {}

    @Override
    public Integer call() {
      RunOptions options = options();
      PrintWriter out = spec.commandLine().getOut();
      try {
        RunResult r = new JepsenRun(options, out).execute();
        return switch (r.valid()) {
          case VALID -> VALID;
          case INVALID -> INVALID;
          case UNKNOWN -> UNKNOWN;
        };
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        spec.commandLine().getErr().println("Error: interrupted");
        return HARNESS_FAILED;
      } catch (Exception e) {
        spec.commandLine().getErr().println("Error: the harness failed: " + e.getMessage());
        if (System.getenv("CAIRN_DEBUG") != null) {
          e.printStackTrace(spec.commandLine().getErr());
        }
        return HARNESS_FAILED;
      }
    }

    RunOptions options() {
      if (nodes < 1 || nodes > 9) {
        throw usage("--nodes must be between 1 and 9");
      }
      if (concurrency < 1 || concurrency > 200) {
        throw usage("--concurrency must be between 1 and 200");
      }
      if (!(rate > 0)) {
        throw usage("--rate must be positive");
      }
      if (opsPerKey < 1) {
        throw usage("--ops-per-key must be positive");
      }
      if (!Workload.NAMES.contains(workload)) {
        throw usage(
            "unknown --workload " + workload + " (" + String.join(", ", Workload.NAMES) + ")");
      }
      if (!List.of("auto", "netns", "proxy", "loopback").contains(network)) {
        throw usage("unknown --network " + network + " (auto, netns, proxy, loopback)");
      }
      List<Fault> faults = new ArrayList<>();
      if (!nemesis.isBlank() && !nemesis.strip().equals("none")) {
        for (String f : nemesis.split(",")) {
          try {
            Fault parsed = Fault.parse(f);
            if (!faults.contains(parsed)) {
              faults.add(parsed);
            }
          } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
          }
        }
      }
      if (faults.contains(Fault.MEMBER) && nodes < 3) {
        throw usage("the member fault needs --nodes 3 or more (a removal must leave a quorum)");
      }
      List<PartitionShape> shapes = new ArrayList<>();
      for (String p : partitions.split(",")) {
        try {
          shapes.add(PartitionShape.parse(p));
        } catch (IllegalArgumentException e) {
          throw usage(e.getMessage());
        }
      }
      Duration total = duration("--time", time);
      Duration heal =
          finalHeal != null
              ? duration("--final-heal", finalHeal)
              : Duration.ofSeconds(Math.max(5, Math.min(15, total.toSeconds() / 4)));
      if (heal.compareTo(total) >= 0) {
        throw usage("--final-heal must be shorter than --time");
      }
      return new RunOptions(
          nodes,
          total,
          workload,
          faults,
          shapes,
          concurrency,
          rate,
          seed != null ? seed : System.currentTimeMillis() % 1_000_000,
          out,
          unsafeReads,
          duration("--op-timeout", opTimeout),
          duration("--fault-duration", faultDuration),
          duration("--heal-duration", healDuration),
          heal,
          opsPerKey,
          duration("--check-timeout", checkTimeout),
          network,
          launcher());
    }

    private Path launcher() {
      if (cairn != null) {
        if (!Files.isExecutable(cairn)) {
          throw usage("--cairn " + cairn + " is not an executable file");
        }
        return cairn.toAbsolutePath();
      }
      List<Path> starts = new ArrayList<>();
      String home = System.getenv("CAIRN_HOME");
      if (home != null) {
        starts.add(Path.of(home));
      }
      try {
        starts.add(
            Path.of(
                JepsenCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (Exception e) {
        // no code source: fall back to the working directory
      }
      starts.add(Path.of("").toAbsolutePath());
      for (Path start : starts) {
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
          Path candidate = p.resolve("bin").resolve("cairn");
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
      throw usage("cannot find bin/cairn; pass --cairn PATH");
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)?");

    private Duration duration(String option, String text) {
      Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw usage(option + " must be a duration like 500ms, 30s or 2m: " + text);
      }
      long n = Long.parseLong(m.group(1));
      Duration d =
          switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
          };
      if (d.isZero()) {
        throw usage(option + " must be positive");
      }
      return d;
    }

    private ParameterException usage(String message) {
      return new ParameterException(spec.commandLine(), message);
    }
  }

  /** Runs the command on its own (for development; the cairn CLI registers it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new CommandLine(new JepsenCommand()).execute(args));
  }
}
