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

/** {@code cairn member}: the parent of the membership subcommands. */
@Command(
    name = "member",
    subcommands = {
      MemberListCommand.class,
      MemberAddCommand.class,
      MemberPromoteCommand.class,
      MemberRemoveCommand.class
    },
    description = {
      "Membership: list, add a learner, promote it to voter, remove a member.",
      "To grow the cluster: start the new node with `cairn server --join ENDPOINTS` (it adds"
          + " itself as a learner), then `cairn member promote ID` once it has caught up.",
      "Changes are made by the leader, one at a time; a refused change exits 1 with its reason."
    })
public final class MemberCommand implements Callable<Integer>, CommandContext {
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
