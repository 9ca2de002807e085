package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn scan}: lists keys and values under a prefix (every key by default). */
@Command(
    name = "scan",
    description = {
      "Lists keys and values that start with PREFIX (every key if omitted), in key order.",
      "Exits 0 even when nothing matched."
    })
public final class ScanCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Key prefix.")
  String prefix;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most N keys (0 = no limit; default ${DEFAULT-VALUE}).")
  long limit;

  @Option(names = "--keys-only", description = "Keys without values.")
  boolean keysOnly;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (limit < 0) {
      throw CliException.usage("--limit must not be negative");
    }
    KeyRange range = KeyRange.of(prefix == null ? Bytes.EMPTY : bytes(prefix), null, true);
    var result =
        client
            .get(
                range.key(),
                io.cairn.client.GetOptions.builder()
                    .rangeEnd(range.rangeEnd())
                    .limit(limit)
                    .keysOnly(keysOnly)
                    .build())
            .join();
    printer.get(result, false, keysOnly);
    if (result.more()) {
      err().println("(more keys: raise --limit)");
    }
    return ExitCode.OK;
  }
}
