package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn member promote ID}: a caught-up learner becomes a voter. */
@Command(
    name = "promote",
    description = {
      "Makes a learner a voter. Refused (MEMBER_BEHIND) while it lags the leader; retry later.",
      "Prints the members after the change."
    })
public final class MemberPromoteCommand extends ClientCommand {
  @ParentCommand MemberCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The learner to promote.")
  String id;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    printer.members(client.promoteMember(id).join());
    return ExitCode.OK;
  }
}
