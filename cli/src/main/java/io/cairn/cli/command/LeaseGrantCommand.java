package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.LeaseIds;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lease grant TTL}. */
@Command(
    name = "grant",
    description = {
      "Grants a lease that lives TTL seconds unless kept alive (the cluster raises a TTL below"
          + " its minimum, 2 s). Prints: lease ID granted with TTL(Ns).",
      "An --id already in use exits 4."
    })
public final class LeaseGrantCommand extends ClientCommand {
  @ParentCommand LeaseCommand parent;

  @Parameters(index = "0", paramLabel = "TTL", description = "Seconds the lease lives.")
  long ttl;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description = "Ask for this id (hex, or dec:N); the cluster picks one by default.")
  String id;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (ttl <= 0) {
      throw CliException.usage("TTL must be a positive number of seconds");
    }
    var grant = id == null ? client.leaseGrant(ttl) : client.leaseGrant(ttl, LeaseIds.parse(id));
    printer.leaseGranted(grant.join());
    return ExitCode.OK;
  }
}
