package io.cairn.cli.command;

import io.cairn.cli.Errors;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.cli.shell.CairnShell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn shell}: the interactive shell, or a command interpreter for a pipe. */
@Command(
    name = "shell",
    description = {
      "Opens an interactive shell on the cluster: get, put, del, scan, txn, watch, lease,"
          + " compact, status, members, help, exit. Line editing, history (CAIRN_HISTFILE, default ~/.cairn_history) and"
          + " tab completion of commands.",
      "When stdin or stdout is not a terminal it reads one command per line with no prompt,"
          + " and exits with 0 or the exit code of the last command that failed; a watch or"
          + " keepalive that would run until Ctrl-C stops when the input ends."
    })
public final class ShellCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand CommandContext parent;

  @Override
  public Integer call() {
    GlobalOptions g = parent.globals();
    CairnShell shell =
        new CairnShell(
            g.endpointsSpec(), g.timeout(), g.output(), g.hex(), CairnShell.defaultHistory());
    try {
      if (System.console() != null) {
        return shell.runInteractive("Connected to " + g.endpointsSpec());
      }
      return shell.runPiped(System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (RuntimeException e) {
      Errors.report(spec.commandLine().getErr(), e);
      return Errors.exitCode(e);
    }
  }
}
