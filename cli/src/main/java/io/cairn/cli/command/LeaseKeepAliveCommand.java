package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.Interrupts;
import io.cairn.cli.output.LeaseIds;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.LeaseKeeper;
import io.cairn.client.LeaseListener;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lease keepalive ID}: keeps a lease alive until Ctrl-C. */
@Command(
    name = "keepalive",
    description = {
      "Keeps a lease alive (a keep-alive every third of its TTL, to the leader) until Ctrl-C,"
          + " printing each answer: lease ID keepalived with TTL(N).",
      "Exits 0 on Ctrl-C or after --once; 1 when the lease expires, is revoked or does not exist."
    })
public final class LeaseKeepAliveCommand extends ClientCommand {
  @ParentCommand LeaseCommand parent;

  @Parameters(index = "0", paramLabel = "ID", description = "The lease (hex, or dec:N).")
  String id;

  @Option(names = "--once", description = "Refresh the lease once, then exit.")
  boolean once;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    long lease = LeaseIds.parse(id);
    // the listener runs on client threads; printing stays on this one
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    try (Interrupts.Hold hold = Interrupts.hold(!once);
        LeaseKeeper keeper =
            client.keepAlive(
                lease,
                new LeaseListener() {
                  @Override
                  public void onKeepAlive(long ttlSeconds) {
                    answers.add(ttlSeconds);
                  }

                  @Override
                  public void onLost(CairnException e) {
                    answers.add(e);
                  }
                })) {
      while (true) {
        Object next = answers.take();
        if (next instanceof CairnException e) {
          throw e;
        }
        long ttl = (Long) next;
        if (ttl <= 0) { // the leader says the lease is gone
          throw new CliException(
              ExitCode.NOT_FOUND, "lease " + LeaseIds.format(lease) + " expired or was revoked");
        }
        printer.leaseKeptAlive(lease, ttl);
        if (once) {
          return ExitCode.OK;
        }
      }
    } catch (InterruptedException e) {
      return ExitCode.OK; // Ctrl-C: stop refreshing; the lease expires after its TTL
    }
  }
}
