package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.Interrupts;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.KeyValue;
import io.cairn.client.Watcher;
import io.cairn.client.concurrency.CairnElection;
import io.cairn.client.concurrency.CairnSession;
import io.cairn.client.concurrency.Leadership;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn elect NAME [PROPOSAL]}: campaign for leadership, or observe the leaders. */
@Command(
    name = "elect",
    description = {
      "With PROPOSAL: campaigns in the election NAME, waits until elected, prints the leader key"
          + " and PROPOSAL (as etcdctl), and leads until Ctrl-C, then resigns.",
      "Without PROPOSAL: prints the current leader's key and proposal, then each new leader, until"
          + " Ctrl-C.",
      "Exits 0 on Ctrl-C; 3 if leadership is lost (the session lease expired)."
    })
public final class ElectCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "NAME", description = "The election's name.")
  String name;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PROPOSAL",
      description = "Campaign with it.")
  String proposal;

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "TTL of the session lease holding the candidacy (default ${DEFAULT-VALUE}).")
  long ttl;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (name.isEmpty()) {
      throw CliException.usage("the election name is empty");
    }
    if (ttl <= 0) {
      throw CliException.usage("--ttl must be positive");
    }
    try (Interrupts.Hold hold = Interrupts.hold();
        CairnSession session = CairnSession.create(client, ttl)) {
      CairnElection election = new CairnElection(session, name);
      return proposal == null ? observe(election, printer) : campaign(election, session, printer);
    }
  }

  private int campaign(CairnElection election, CairnSession session, Printer printer) {
    Leadership leading =
        Holding.await(election.campaignAsync(bytes(proposal)), "be elected in " + name);
    try {
      printer.leader(name, leading.key(), bytes(proposal));
      Holding.untilInterrupted(session, "the leadership of " + name);
      return ExitCode.OK;
    } finally {
      Thread.interrupted(); // resign even after Ctrl-C
      try {
        leading.resign();
      } catch (CairnException e) {
        // closing the session revokes its lease, which ends the leadership too
      }
    }
  }

  private int observe(CairnElection election, Printer printer) {
    // observer callbacks run on client threads; printing stays on this one
    BlockingQueue<Object> news = new LinkedBlockingQueue<>();
    try (Watcher watcher = election.observe(news::add)) {
      watcher.done().whenComplete((v, e) -> news.add(e == null ? ExitCode.OK : e));
      while (true) {
        Object next = news.take();
        if (next instanceof Throwable t) {
          throw Holding.asRuntime(t);
        }
        if (next instanceof Optional<?> leader && leader.orElse(null) instanceof KeyValue kv) {
          printer.leader(name, kv.key(), kv.value());
        } else if (next instanceof Integer) {
          return ExitCode.OK;
        }
      }
    } catch (InterruptedException e) {
      return ExitCode.OK;
    }
  }
}
