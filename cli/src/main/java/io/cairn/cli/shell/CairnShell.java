package io.cairn.cli.shell;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.Interrupts;
import io.cairn.cli.command.Words;
import io.cairn.cli.option.OutputFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code cairn shell} REPL: with a terminal, JLine line editing, history and completion of
 * command names; from a pipe, one command per line with no prompt or banner. Errors are one line
 * and never end the shell.
 */
public final class CairnShell {
  private static final Object END_OF_INPUT = new Object();

  private final String endpoints;
  private final Duration timeout;
  private final OutputFormat output;
  private final boolean hex;
  private final Path historyFile;

  public CairnShell(
      String endpoints, Duration timeout, OutputFormat output, boolean hex, Path historyFile) {
    this.endpoints = endpoints;
    this.timeout = timeout;
    this.output = output;
    this.hex = hex;
    this.historyFile = historyFile;
  }

  /** The history file: CAIRN_HISTFILE, else ~/.cairn_history. */
  public static Path defaultHistory() {
    String env = System.getenv("CAIRN_HISTFILE");
    return env != null && !env.isBlank()
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".cairn_history");
  }

  /**
   * Reads commands from a pipe until end of input; returns 0 or the last failure's exit code. The
   * input is read ahead on its own thread so that its end can stop a running endless command (an
   * unbounded watch or keepalive); lines that arrive meanwhile run after it.
   */
  public int runPiped(InputStream in, PrintWriter out, PrintWriter err) {
    Thread shell = Thread.currentThread();
    BlockingQueue<Object> lines = new LinkedBlockingQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    Thread input =
        new Thread(
            () -> {
              BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
              try {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add(e);
              } finally {
                lines.add(END_OF_INPUT);
                if (!done.get()) {
                  Interrupts.inputEnded(shell);
                }
              }
            },
            "cairn-shell-input");
    input.setDaemon(true); // an 'exit' may leave it blocked on a terminal or pipe
    int status = ExitCode.OK;
    try (ShellCommands root = new ShellCommands()) {
      CommandLine cl = commandLine(root, out, err);
      input.start();
      while (true) {
        Object next = lines.take();
        if (next == END_OF_INPUT) {
          break;
        }
        if (next instanceof IOException e) {
          Errors.report(err, e);
          return ExitCode.FAILED;
        }
        Integer code = execute(cl, (String) next, out, err);
        Thread.interrupted(); // an end of input that stopped a command stops nothing else
        if (code == null) {
          break;
        }
        if (code != ExitCode.OK) {
          status = code;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.set(true);
      Interrupts.inputClosed(shell);
    }
    return status;
  }

  /** The interactive REPL on the system terminal. */
  public int runInteractive(String banner) {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build();
        ShellCommands root = new ShellCommands()) {
      LineReader reader =
          LineReaderBuilder.builder()
              .terminal(terminal)
              .appName("cairn")
              .completer(
                  new ArgumentCompleter(
                      new StringsCompleter(ShellCommands.NAMES), NullCompleter.INSTANCE))
              .variable(LineReader.HISTORY_FILE, historyFile)
              .build();
      PrintWriter out = terminal.writer();
      CommandLine cl = commandLine(root, out, out);
      out.println(banner);
      out.println("Type 'help' for commands, 'exit' or Ctrl-D to leave.");
      out.flush();
      while (true) {
        String line;
        try {
          line = reader.readLine("cairn> ");
        } catch (UserInterruptException e) {
          continue; // Ctrl-C clears the line
        } catch (EndOfFileException e) {
          break;
        }
        if (executeInterruptibly(terminal, cl, line, out) == null) {
          break;
        }
      }
      reader.getHistory().save();
      return ExitCode.OK;
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILED, "cannot open the terminal: " + e.getMessage());
    }
  }

  /**
   * Runs one line with Ctrl-C interrupting the command (ending a watch or keepalive) instead of the
   * shell; null means the shell should end.
   */
  private static Integer executeInterruptibly(
      Terminal terminal, CommandLine cl, String line, PrintWriter out) {
    Thread me = Thread.currentThread();
    Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> me.interrupt());
    try {
      return execute(cl, line, out, out);
    } finally {
      terminal.handle(Terminal.Signal.INT, previous);
      Thread.interrupted(); // a late Ctrl-C must not hit the next line
    }
  }

  /** Runs one line; null means the shell should end. */
  private static Integer execute(CommandLine cl, String line, PrintWriter out, PrintWriter err) {
    String trimmed = line.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return ExitCode.OK;
    }
    List<String> words;
    try {
      words = Words.split(trimmed);
    } catch (CliException e) {
      Errors.report(err, e);
      return e.exitCode();
    }
    String name = words.get(0);
    if (name.equals("exit") || name.equals("quit")) {
      return null;
    }
    if (name.equals("help") || name.equals("?")) {
      return help(cl, words, out, err);
    }
    if (!cl.getSubcommands().containsKey(name)) {
      err.println("Error: unknown command '" + name + "' (try 'help')");
      err.flush();
      return ExitCode.USAGE;
    }
    int code = cl.execute(words.toArray(new String[0]));
    out.flush();
    err.flush();
    return code;
  }

  private static int help(CommandLine cl, List<String> words, PrintWriter out, PrintWriter err) {
    if (words.size() > 1) {
      CommandLine sub = cl.getSubcommands().get(words.get(1));
      if (sub == null) {
        err.println("Error: unknown command '" + words.get(1) + "'");
        err.flush();
        return ExitCode.USAGE;
      }
      sub.usage(out);
      out.flush();
      return ExitCode.OK;
    }
    out.println("Commands ('help COMMAND' for its options; -o json|table and --hex work too):");
    ShellCommands.SUMMARY.forEach((name, what) -> out.printf("  %-8s %s%n", name, what));
    out.flush();
    return ExitCode.OK;
  }

  private CommandLine commandLine(ShellCommands root, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(root);
    Errors errors = new Errors();
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    // the shell's own options are the defaults of every command typed in it
    cl.setDefaultValueProvider(
        arg -> {
          if (!(arg instanceof OptionSpec o)) {
            return null;
          }
          return switch (o.longestName()) {
            case "--endpoints" -> endpoints;
            case "--timeout" -> timeout.toMillis() + "ms";
            case "--output" -> output.name();
            case "--hex" -> Boolean.toString(hex);
            default -> null;
          };
        });
    return cl;
  }
}
