package io.cairn.cli.command;

import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.output.EndpointReport;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.EndpointStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code cairn status}: asks every endpoint for its own status. */
@Command(
    name = "status",
    description = {
      "Asks each endpoint for its status: member id, role, Raft term and indices, revision, db"
          + " size.",
      "An endpoint that does not answer is listed with its error; exits 3 if none answered."
    })
public final class StatusCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    List<String> endpoints = globals().endpoints();
    List<CompletableFuture<EndpointStatus>> asks = new ArrayList<>();
    for (String e : endpoints) {
      asks.add(client.status(e));
    }
    List<EndpointReport> reports = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      try {
        reports.add(new EndpointReport(endpoints.get(i), asks.get(i).join(), null));
      } catch (RuntimeException e) {
        reports.add(new EndpointReport(endpoints.get(i), null, Errors.message(e)));
      }
    }
    printer.status(reports);
    return reports.stream().anyMatch(r -> r.status() != null) ? ExitCode.OK : ExitCode.UNAVAILABLE;
  }
}
