package io.cairn.cli;

import io.cairn.cli.command.BenchCommand;
import io.cairn.cli.command.Clients;
import io.cairn.cli.command.CommandContext;
import io.cairn.cli.command.CompactCommand;
import io.cairn.cli.command.DefragCommand;
import io.cairn.cli.command.DeleteCommand;
import io.cairn.cli.command.ElectCommand;
import io.cairn.cli.command.GetCommand;
import io.cairn.cli.command.LeaderCommand;
import io.cairn.cli.command.LeaseCommand;
import io.cairn.cli.command.LocalCommand;
import io.cairn.cli.command.LockCommand;
import io.cairn.cli.command.MemberCommand;
import io.cairn.cli.command.MembersCommand;
import io.cairn.cli.command.PutCommand;
import io.cairn.cli.command.ScanCommand;
import io.cairn.cli.command.ServerCommand;
import io.cairn.cli.command.ShellCommand;
import io.cairn.cli.command.SnapshotCommand;
import io.cairn.cli.command.StatusCommand;
import io.cairn.cli.command.TxnCommand;
import io.cairn.cli.command.WatchCommand;
import io.cairn.cli.option.CairnDefaults;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.client.CairnClient;
import io.cairn.jepsen.CheckCommand;
import io.cairn.jepsen.JepsenCommand;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** The {@code cairn} command: the root of every subcommand and the process entry point. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = CairnCli.Version.class,
    defaultValueProvider = CairnDefaults.class,
    description = "Cairn: a Raft-replicated, strongly consistent key-value store.",
    // one entry per line, in the order 'cairn help' lists them; add new commands here
    subcommands = {
      // nodes
      ServerCommand.class,
      LocalCommand.class,
      ShellCommand.class,
      // keys
      GetCommand.class,
      PutCommand.class,
      DeleteCommand.class,
      ScanCommand.class,
      TxnCommand.class,
      WatchCommand.class,
      CompactCommand.class,
      // leases and recipes
      LeaseCommand.class,
      LockCommand.class,
      ElectCommand.class,
      // cluster
      StatusCommand.class,
      MembersCommand.class,
      MemberCommand.class,
      LeaderCommand.class,
      SnapshotCommand.class,
      DefragCommand.class,
      // tools
      BenchCommand.class,
      CheckCommand.class,
      JepsenCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  CAIRN_ENDPOINTS, CAIRN_TIMEOUT, CAIRN_OUTPUT  defaults of the global options",
      "  CAIRN_ID, CAIRN_DATA_DIR, ...                 defaults of 'server' options",
      "  CAIRN_JAVA_OPTS                               extra JVM options (bin/cairn)",
      "  CAIRN_DEBUG=1                                 stack traces with errors",
      "%nExit codes:",
      "  0 ok                  4 request rejected",
      "  1 key not found       5 outcome unknown (a write may have applied)",
      "  2 usage error         6 txn compare failed",
      "  3 cluster unavailable 7 node or local cluster failure",
      "%nDocumentation: docs/cli.md"
    })
public final class CairnCli implements Callable<Integer>, CommandContext {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions globals;

  public static void main(String[] args) {
    commonPoolOfAtLeastTwo();
    Interrupts.onSigint();
    System.exit(newCommandLine().execute(args));
  }

  /**
   * With a common pool of parallelism 1 (the JDK's default on 2 cores) every {@code *Async} call
   * without an executor starts a new thread; Ratis makes such calls per AppendEntries, and thread
   * churn was ~13% of a follower's CPU (docs/benchmarks.md). Must run before anything touches
   * CompletableFuture or ForkJoinPool; an explicit -D setting wins.
   */
  private static void commonPoolOfAtLeastTwo() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(key, "2");
    }
  }

  /** The configured command line: one-line errors, exit codes, CAIRN_* defaults. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new CairnCli());
    Errors errors = new Errors();
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setDefaultValueProvider(new CairnDefaults());
    withHelpOptions(cl);
    return cl;
  }

  /** Every (sub)command answers -h/--help, as users of etcdctl and git expect. */
  private static void withHelpOptions(CommandLine cl) {
    CommandSpec spec = cl.getCommandSpec();
    if (spec.findOption("--help") == null
        && !(cl.getCommand() instanceof CommandLine.HelpCommand)) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    cl.getSubcommands().values().forEach(CairnCli::withHelpOptions);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Override
  public GlobalOptions globals() {
    return globals;
  }

  @Override
  public <R> R withClient(Function<CairnClient, R> action) {
    try (CairnClient client = Clients.build(globals.endpoints(), globals.timeout())) {
      return action.apply(client);
    }
  }

  /** The version from the jar manifest. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = CairnCli.class.getPackage().getImplementationVersion();
      return new String[] {"cairn " + (v == null ? "(development build)" : v)};
    }
  }
}
