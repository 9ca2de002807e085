package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.DeleteOptions;
import io.cairn.client.DeleteResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn del}: one key, a prefix or a range. */
@Command(
    name = "del",
    aliases = "delete",
    description = {
      "Deletes a key, every key with a prefix, or the range [KEY, RANGE_END).",
      "Prints how many keys were deleted; exits 1 when none was."
    })
public final class DeleteCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "KEY", description = "The key (or prefix).")
  String key;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "RANGE_END",
      description = "Exclusive end of a range.")
  String rangeEnd;

  @Option(names = "--prefix", description = "Every key that starts with KEY.")
  boolean prefix;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    KeyRange range = KeyRange.of(bytes(key), rangeEnd == null ? null : bytes(rangeEnd), prefix);
    DeleteResult result =
        range.single()
            ? client.delete(range.key()).join()
            : client
                .delete(range.key(), DeleteOptions.builder().rangeEnd(range.rangeEnd()).build())
                .join();
    printer.delete(result);
    return result.deleted() == 0 ? ExitCode.NOT_FOUND : ExitCode.OK;
  }
}
