package io.cairn.cli.command;

import io.cairn.cli.Errors;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.cli.output.ByteText;
import io.cairn.cli.output.Printer;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the cluster: it gets a client from its {@link CommandContext}, prints
 * with the {@code -o} printer and reports any failure as one line plus an exit code.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The context this command runs in (its parent command). */
  abstract CommandContext context();

  /** Does the work; returns an {@link io.cairn.cli.ExitCode}. */
  abstract int run(CairnClient client, Printer printer);

  @Override
  public final Integer call() {
    try {
      GlobalOptions g = globals();
      Printer printer = Printer.of(g.output(), out(), g.hex());
      return context().withClient(client -> run(client, printer));
    } catch (RuntimeException e) {
      Errors.report(err(), e);
      return Errors.exitCode(e);
    }
  }

  GlobalOptions globals() {
    return context().globals();
  }

  Bytes bytes(String arg) {
    return ByteText.parse(arg, globals().hex());
  }

  String show(Bytes b) {
    return ByteText.display(b, globals().hex(), false);
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
