package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn leader transfer [--to ID]}. */
@Command(
    name = "transfer",
    description = {
      "Hands leadership to voter ID, or to the most caught-up reachable voter without --to.",
      "Writes pause briefly while leadership moves. Prints the members afterwards."
    })
public final class LeaderTransferCommand extends ClientCommand {
  @ParentCommand LeaderCommand parent;

  @Option(names = "--to", paramLabel = "ID", description = "The voter to become leader.")
  String to;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    client.transferLeader(to).join();
    printer.members(client.members().join());
    return ExitCode.OK;
  }
}
