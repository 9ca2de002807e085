package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn member remove ID}. */
@Command(
    name = "remove",
    description = {
      "Removes a member. Refused (QUORUM_AT_RISK) when fewer than two voters would remain or the"
          + " reachable voters left could not form a quorum. Stop the removed node afterwards.",
      "Prints the members after the change."
    })
public final class MemberRemoveCommand extends ClientCommand {
  @ParentCommand MemberCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The member to remove.")
  String id;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    printer.members(client.removeMember(id).join());
    return ExitCode.OK;
  }
}
