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

/** {@code cairn leader}: the parent of the leadership subcommands. */
@Command(
    name = "leader",
    subcommands = {LeaderTransferCommand.class},
    description = "Leadership: transfer it to another voter.")
public final class LeaderCommand implements Callable<Integer>, CommandContext {
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
