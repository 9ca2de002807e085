package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.ExitCode;
import io.cairn.cli.Interrupts;
import io.cairn.cli.output.ByteText;
import io.cairn.cli.output.Printer;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.concurrency.CairnLock;
import io.cairn.client.concurrency.CairnSession;
import io.cairn.client.concurrency.LockHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn lock NAME [-- COMMAND ARGS...]}: a distributed mutex with a fencing token. */
@Command(
    name = "lock",
    description = {
      "Acquires the lock NAME (waiting for earlier holders, first come first served), prints"
          + " 'lock NAME held as KEY, fencing token N', then holds it until Ctrl-C; or, with"
          + " -- COMMAND ARGS..., runs COMMAND while holding it, releases it and exits with"
          + " COMMAND's exit code.",
      "COMMAND gets CAIRN_LOCK_TOKEN (the fencing token: the lock key's create revision, larger"
          + " for every later holder), CAIRN_LOCK_KEY and CAIRN_LOCK_NAME. The lock lives on a"
          + " lease kept alive by this process; if this process is cut off for longer than --ttl"
          + " the lock passes on while COMMAND may still run: guard writes with the token.",
      "Exits 3 if the lock is lost while held, 7 on Ctrl-C before it was acquired."
    })
public final class LockCommand extends ClientCommand {
  @ParentCommand CommandContext parent;

  @Parameters(index = "0", paramLabel = "NAME", description = "The lock's name.")
  String name;

  @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Run this while holding it.")
  List<String> command = new ArrayList<>();

  @Option(
      names = "--ttl",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "TTL of the session lease holding the lock (default ${DEFAULT-VALUE}).")
  long ttl;

  @Override
  CommandContext context() {
    return parent;
  }

  @Override
  int run(CairnClient client, Printer printer) {
    if (name.isEmpty()) {
      throw CliException.usage("the lock name is empty");
    }
    if (ttl <= 0) {
      throw CliException.usage("--ttl must be positive");
    }
    try (Interrupts.Hold hold = Interrupts.hold();
        CairnSession session = CairnSession.create(client, ttl)) {
      LockHandle lock =
          Holding.await(new CairnLock(session).lockAsync(name), "acquire the lock " + name);
      try {
        printer.locked(name, lock.key(), lock.fencingToken());
        if (command.isEmpty()) {
          Holding.untilInterrupted(session, "the lock " + name);
          return ExitCode.OK;
        }
        return runHolding(lock);
      } finally {
        Thread.interrupted(); // release even after Ctrl-C
        try {
          lock.unlock();
        } catch (CairnException e) {
          // closing the session revokes its lease, which releases the lock too
        }
      }
    }
  }

  private int runHolding(LockHandle lock) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("CAIRN_LOCK_TOKEN", Long.toString(lock.fencingToken()));
    pb.environment().put("CAIRN_LOCK_KEY", ByteText.display(lock.key(), false, false));
    pb.environment().put("CAIRN_LOCK_NAME", name);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CliException(
          ExitCode.FAILED, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    // copied rather than inherited so the shell's and a caller's writers see the output
    Thread o = copy(p.getInputStream(), out(), "cairn-lock-stdout");
    Thread e = copy(p.getErrorStream(), err(), "cairn-lock-stderr");
    try {
      int code = p.waitFor();
      o.join();
      e.join();
      return code;
    } catch (InterruptedException ie) {
      p.destroy(); // Ctrl-C: a terminal sent COMMAND SIGINT too; this covers other callers
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        o.join(1000);
        e.join(1000);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      return p.isAlive() ? ExitCode.FAILED : p.exitValue();
    }
  }

  private static Thread copy(InputStream from, PrintWriter to, String name) {
    Thread t =
        new Thread(
            () -> {
              char[] buf = new char[8192];
              try (Reader r = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buf)) >= 0) {
                  to.write(buf, 0, n);
                  to.flush();
                }
              } catch (IOException e) {
                // COMMAND closed its output: nothing more to copy
              }
            },
            name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
