package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lease list}. */
@Command(
    name = "list",
    description = {"Lists every lease: 'found N leases', then one id per line.", "Exits 0."})
public final class LeaseListCommand extends ClientCommand {
  @ParentCommand LeaseCommand parent;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    printer.leases(client.leases().join());
    return ExitCode.OK;
  }
}
