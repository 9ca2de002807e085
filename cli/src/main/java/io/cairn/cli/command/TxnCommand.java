package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.Cmp;
import io.cairn.client.Op;
import io.cairn.client.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn txn}: if every compare holds, run the then-ops, else the else-ops, atomically. */
@Command(
    name = "txn",
    subcommands = CasCommand.class,
    description = {
      "Runs a transaction: if every --if compare holds, the --then operations, otherwise the"
          + " --else operations, as one atomic step.",
      "  cairn txn --if 'value(k) = v1' --then 'put k v2' --else 'get k'",
      "Compares: value(KEY) = VALUE, version(KEY) != 0, create(KEY) = 0, mod(KEY) > N"
          + " (operators = != > <). Operations: put KEY VALUE, get KEY, del KEY.",
      "Prints SUCCESS or FAILURE then the results of get operations; exits 6 on FAILURE."
    })
public final class TxnCommand extends ClientCommand implements CommandContext {
  @ParentCommand CommandContext parent;

  @Option(names = "--if", paramLabel = "COMPARE", description = "A compare; repeatable.")
  List<String> compares = new ArrayList<>();

  @Option(names = "--then", paramLabel = "OP", description = "An operation; repeatable.")
  List<String> thenOps = new ArrayList<>();

  @Option(names = "--else", paramLabel = "OP", description = "An operation; repeatable.")
  List<String> elseOps = new ArrayList<>();

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  public GlobalOptions globals() {
    return parent.globals();
  }

  @Override
  public <R> R withClient(Function<CairnClient, R> action) {
    return parent.withClient(action);
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (compares.isEmpty() && thenOps.isEmpty() && elseOps.isEmpty()) {
      throw CliException.usage("txn needs --if/--then/--else or the cas subcommand");
    }
    TxnGrammar g = new TxnGrammar(globals().hex());
    List<Cmp> cmps = compares.stream().map(g::compare).toList();
    List<Op> then = thenOps.stream().map(g::op).toList();
    List<Op> otherwise = elseOps.stream().map(g::op).toList();
    TxnResult result = client.txn().when(cmps).then(then).otherwise(otherwise).commit().join();
    printer.txn(result);
    return result.succeeded() ? ExitCode.OK : ExitCode.COMPARE_FAILED;
  }
}
