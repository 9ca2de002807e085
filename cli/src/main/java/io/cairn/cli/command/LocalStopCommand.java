package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.local.LocalCluster;
import io.cairn.cli.option.CairnDefaults;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn local stop}: stops the nodes of a local cluster, keeping their data. */
@Command(
    name = "stop",
    defaultValueProvider = CairnDefaults.class,
    description =
        "Stops every node of the local cluster in the data dir (SIGTERM, SIGKILL after 15 s);"
            + " the data stays.")
public final class LocalStopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "./cairn-data",
      description = "The local cluster's data dir (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      LocalCluster cluster =
          LocalCluster.recorded(dataDir)
              .orElseThrow(
                  () -> CliException.usage("no local cluster in " + dataDir.toAbsolutePath()));
      List<String> stopped = cluster.stop(Duration.ofSeconds(15));
      out.println(
          stopped.isEmpty()
              ? "No node was running in " + cluster.dataDir()
              : "Stopped " + String.join(", ", stopped));
      out.flush();
      return ExitCode.OK;
    } catch (RuntimeException e) {
      Errors.report(spec.commandLine().getErr(), e);
      return Errors.exitCode(e);
    }
  }
}
