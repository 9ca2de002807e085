package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.LeaseIds;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.LeaseTimeToLive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lease ttl ID [--keys]}. */
@Command(
    name = "ttl",
    aliases = "timetolive",
    description = {
      "Shows a lease's granted and remaining TTL (and with --keys its keys):",
      "  lease ID granted with TTL(10s), remaining(8s)",
      "A lease that does not exist prints 'lease ID already expired' and exits 1."
    })
public final class LeaseTtlCommand extends ClientCommand {
  @ParentCommand LeaseCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The lease (hex, or dec:N).")
  String id;

  @Option(names = "--keys", description = "Also list the keys attached to the lease.")
  boolean keys;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    LeaseTimeToLive ttl = client.leaseTimeToLive(LeaseIds.parse(id), keys).join();
    printer.leaseTtl(ttl, keys);
    return ttl.exists() ? ExitCode.OK : ExitCode.NOT_FOUND;
  }
}
