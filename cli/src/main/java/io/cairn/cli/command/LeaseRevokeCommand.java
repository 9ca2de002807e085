package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.LeaseIds;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lease revoke ID}. */
@Command(
    name = "revoke",
    description = {
      "Revokes a lease: it and every key attached to it are deleted, at one revision.",
      "Prints: lease ID revoked. Exits 1 if the lease does not exist."
    })
public final class LeaseRevokeCommand extends ClientCommand {
  @ParentCommand LeaseCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The lease (hex, or dec:N).")
  String id;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    long lease = LeaseIds.parse(id);
    printer.leaseRevoked(lease, client.leaseRevoke(lease).join().header().revision());
    return ExitCode.OK;
  }
}
