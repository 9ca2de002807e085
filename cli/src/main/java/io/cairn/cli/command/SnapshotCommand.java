package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.client.CairnClient;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot save|status|restore}: backups of a cluster's data. */
@Command(
    name = "snapshot",
    subcommands = {
      SnapshotSaveCommand.class,
      SnapshotStatusCommand.class,
      SnapshotRestoreCommand.class
    },
    description = {
      "Backups: save a consistent, checksummed copy of a member's store to a file, inspect it,",
      "and restore it (offline) into the data dirs of a new cluster."
    })
public final class SnapshotCommand implements Callable<Integer>, CommandContext {
  @Spec CommandSpec spec;
  @ParentCommand CommandContext parent;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  @Override
  public GlobalOptions globals() {
    return parent.globals();
  }

  @Override
  public <R> R withClient(Function<CairnClient, R> action) {
    return parent.withClient(action);
  }
}
