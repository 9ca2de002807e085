package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.Cmp;
import io.cairn.client.Op;
import io.cairn.client.TxnResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn txn cas KEY EXPECTED NEW}: compare-and-swap in one atomic txn. */
@Command(
    name = "cas",
    description = {
      "Compare-and-swap: sets KEY to NEW only if its value is EXPECTED (or, with --absent,"
          + " only if KEY does not exist: 'txn cas --absent KEY NEW').",
      "Prints SUCCESS, or FAILURE and the current key and value; exits 6 on FAILURE."
    })
public final class CasCommand extends ClientCommand {
  @ParentCommand TxnCommand parent;

  @Option(names = "--absent", description = "Succeed only if KEY does not exist yet.")
  boolean absent;

  @Parameters(arity = "2..3", paramLabel = "KEY [EXPECTED] NEW")
  List<String> args;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    int want = absent ? 2 : 3;
    if (args.size() != want) {
      throw CliException.usage(
          absent ? "usage: txn cas --absent KEY NEW" : "usage: txn cas KEY EXPECTED NEW");
    }
    Bytes key = bytes(args.get(0));
    Bytes next = bytes(args.get(want - 1));
    Cmp cmp = absent ? Cmp.version(key).equal(0) : Cmp.value(key).equal(bytes(args.get(1)));
    TxnResult result =
        client.txn().when(cmp).then(Op.put(key, next)).otherwise(Op.get(key)).commit().join();
    printer.txn(result);
    return result.succeeded() ? ExitCode.OK : ExitCode.COMPARE_FAILED;
  }
}
