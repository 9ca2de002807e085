package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn compact REV}: discards the history at and below a revision. */
@Command(
    name = "compact",
    description = {
      "Discards the history of values at and below revision REV (replicated; the space is"
          + " reclaimed in the background). Afterwards 'get --rev N' and 'watch --rev N' with"
          + " N <= REV fail (exit 4, naming the compacted revision).",
      "A revision above the current one, or at or below the last compaction, exits 4."
    })
public final class CompactCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "REV", description = "The revision to compact at.")
  long revision;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (revision <= 0) {
      throw CliException.usage("REV must be a positive revision");
    }
    printer.compacted(revision, client.compact(revision).join());
    return ExitCode.OK;
  }
}
