package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn members}: the cluster's members as one member sees them. */
@Command(
    name = "members",
    description = "Lists the members: id, role, peer address, client address.")
public final class MembersCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    printer.members(client.members().join());
    return ExitCode.OK;
  }
}
