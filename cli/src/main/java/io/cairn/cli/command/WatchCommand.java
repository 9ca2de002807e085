package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.Interrupts;
import io.cairn.cli.output.Printer;
import io.cairn.client.BlockingWatch;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnUnavailableException;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn watch}: streams the changes of a key, a prefix or a range until Ctrl-C. */
@Command(
    name = "watch",
    description = {
      "Prints every change of KEY (or of every key with the prefix, or in [KEY, RANGE_END)) as"
          + " it happens, until Ctrl-C. Simple output is etcdctl's: the type (PUT or DELETE),"
          + " then the key and the value (empty for DELETE); with --prev-kv the previous key and"
          + " value come first. JSON: one object per event.",
      "Each revision is printed exactly once and in order, across member failures. Exits 0 on"
          + " Ctrl-C or after --max-events; 4 if the start revision is compacted."
    })
public final class WatchCommand extends ClientCommand {
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

  @Option(
      names = "--rev",
      paramLabel = "N",
      description = "Start with revision N, replaying history (default: new changes only).")
  long rev;

  @Option(names = "--prev-kv", description = "Also print each key's value before the change.")
  boolean prevKv;

  @Option(names = "--no-put", description = "Leave out PUT events.")
  boolean noPut;

  @Option(names = "--no-delete", description = "Leave out DELETE events.")
  boolean noDelete;

  @Option(
      names = "--max-events",
      paramLabel = "N",
      description =
          "Exit 0 once N events were printed (a revision's events are never split; 0 = no limit).")
  long maxEvents;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    KeyRange range = KeyRange.of(bytes(key), rangeEnd == null ? null : bytes(rangeEnd), prefix);
    if (rev < 0 || maxEvents < 0) {
      throw CliException.usage("--rev and --max-events must not be negative");
    }
    WatchOptions.Builder options =
        WatchOptions.builder().startRevision(rev).prevKv(prevKv).noPut(noPut).noDelete(noDelete);
    if (!range.single()) {
      options.rangeEnd(range.rangeEnd());
    }
    long printed = 0;
    try (Interrupts.Hold hold = Interrupts.hold(maxEvents == 0);
        BlockingWatch watch = client.blocking().watch(range.key(), options.build())) {
      while ((maxEvents == 0 || printed < maxEvents) && watch.hasNext()) {
        WatchBatch batch = watch.next();
        printer.watch(batch);
        printed += batch.events().size();
      }
    } catch (CairnUnavailableException e) {
      if (Thread.interrupted()) {
        return ExitCode.OK; // Ctrl-C
      }
      throw e;
    }
    return ExitCode.OK;
  }
}
