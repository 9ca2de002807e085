package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn member add ID --peer-addr H:P --client-addr H:P}: adds a learner. */
@Command(
    name = "add",
    description = {
      "Adds a non-voting learner. The node must already run with `cairn server --join` (which"
          + " runs this step itself); completes once it has caught up.",
      "Prints the members after the change."
    })
public final class MemberAddCommand extends ClientCommand {
  @ParentCommand MemberCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The new member's id.")
  String id;

  @Option(
      names = "--peer-addr",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The new member's Raft peer address.")
  String peerAddr;

  @Option(
      names = "--client-addr",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The new member's client (gRPC) address.")
  String clientAddr;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    printer.members(client.addLearner(id, peerAddr, clientAddr).join());
    return ExitCode.OK;
  }
}
