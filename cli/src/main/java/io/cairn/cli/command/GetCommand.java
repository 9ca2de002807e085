package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.GetOptions;
import io.cairn.client.GetResult;
import io.cairn.client.ReadConsistency;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn get}: one key, a prefix or a range. */
@Command(
    name = "get",
    description = {
      "Reads a key, every key with a prefix, or the range [KEY, RANGE_END).",
      "With -o simple, 'get KEY' prints just the value; a prefix or range prints key and value lines.",
      "Exits 1 when no key matched."
    })
public final class GetCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "KEY", description = "The key (or prefix).")
  String key;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "RANGE_END",
      description = "Exclusive end of a range; \\0 (hex 00) means to the last key.")
  String rangeEnd;

  @Option(names = "--prefix", description = "Every key that starts with KEY.")
  boolean prefix;

  @Option(names = "--limit", paramLabel = "N", description = "At most N keys (0 = no limit).")
  long limit;

  @Option(
      names = "--consistency",
      paramLabel = "LEVEL",
      defaultValue = "linearizable",
      description =
          "linearizable (l, default: sees every acknowledged write) or serializable (s: the"
              + " answering member's local state, may be stale).")
  String consistency;

  @Option(names = "--keys-only", description = "Keys without values.")
  boolean keysOnly;

  @Option(
      names = "--rev",
      paramLabel = "N",
      description =
          "Read the keys as they were right after revision N (0 = now). A compacted revision"
              + " exits 4 naming the compacted revision; a future one exits 4 too.")
  long rev;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    KeyRange range = KeyRange.of(bytes(key), rangeEnd == null ? null : bytes(rangeEnd), prefix);
    if (limit < 0) {
      throw CliException.usage("--limit must not be negative");
    }
    if (rev < 0) {
      throw CliException.usage("--rev must not be negative");
    }
    var options =
        GetOptions.builder()
            .limit(limit)
            .keysOnly(keysOnly)
            .consistency(consistency(consistency))
            .revision(rev);
    if (!range.single()) {
      options.rangeEnd(range.rangeEnd());
    }
    GetResult result = client.get(range.key(), options.build()).join();
    printer.get(result, range.single(), keysOnly);
    if (result.kvs().isEmpty()) {
      err()
          .println(range.single() ? "Error: key not found: " + show(range.key()) : "no keys found");
      return ExitCode.NOT_FOUND;
    }
    return ExitCode.OK;
  }

  static ReadConsistency consistency(String level) {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "l", "linearizable" -> ReadConsistency.LINEARIZABLE;
      case "s", "serializable" -> ReadConsistency.SERIALIZABLE;
      default ->
          throw CliException.usage(
              "--consistency must be linearizable (l) or serializable (s), not '" + level + "'");
    };
  }
}
