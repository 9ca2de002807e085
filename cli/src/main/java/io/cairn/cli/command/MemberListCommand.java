package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn member list}: the members as one member sees them (same as {@code members}). */
@Command(
    name = "list",
    description = "Lists the members: id, role (LISTENER = learner), peer and client address.")
public final class MemberListCommand extends ClientCommand {
  @ParentCommand MemberCommand parent;

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
