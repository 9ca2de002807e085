package io.cairn.cli;

import io.cairn.client.CairnCompactedException;
import io.cairn.client.CairnException;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.CairnUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an {@link ExitCode}: never a stack trace, unless
 * {@code CAIRN_DEBUG=1} is set.
 */
public final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    report(cmd.getErr(), e);
    return exitCode(e);
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName().strip();
    String hint = name.isEmpty() ? "try 'help'" : "see '" + name + " --help'";
    err.println("Error: " + firstLine(e.getMessage()) + " (" + hint + ")");
    err.flush();
    return ExitCode.USAGE;
  }

  /** The exit code for a failure. */
  public static int exitCode(Throwable e) {
    Throwable t = unwrap(e);
    if (t instanceof CliException c) {
      return c.exitCode();
    }
    if (t instanceof ParameterException) {
      return ExitCode.USAGE;
    }
    if (t instanceof CairnLeaseNotFoundException) {
      return ExitCode.NOT_FOUND;
    }
    if (t instanceof CairnRejectedException) {
      return ExitCode.REJECTED;
    }
    if (t instanceof CairnUnavailableException) {
      return ExitCode.UNAVAILABLE;
    }
    if (t instanceof CairnIndeterminateException || t instanceof CairnException) {
      return ExitCode.UNKNOWN_OUTCOME;
    }
    return ExitCode.FAILED;
  }

  /** One readable line for a failure. */
  public static String message(Throwable e) {
    Throwable t = unwrap(e);
    String detail = firstLine(t.getMessage());
    if (t instanceof CliException || t instanceof ParameterException) {
      return detail;
    }
    if (t instanceof CairnLeaseNotFoundException) {
      return "lease not found: " + detail;
    }
    if (t instanceof CairnCompactedException c) {
      String rev = Long.toString(c.compactRevision());
      return "revision compacted: "
          + detail
          + (c.compactRevision() > 0 && !detail.contains(rev) ? " (compacted at " + rev + ")" : "");
    }
    if (t instanceof CairnRejectedException) {
      return "request rejected: " + detail;
    }
    if (t instanceof CairnUnavailableException) {
      return "cluster unavailable: " + detail;
    }
    if (t instanceof CairnException) {
      return "outcome unknown (the write may have been applied): " + detail;
    }
    return detail.isEmpty() ? "unexpected " + t.getClass().getSimpleName() : detail;
  }

  /** Prints the one-line message (and, with CAIRN_DEBUG set, the stack trace). */
  public static void report(PrintWriter err, Throwable e) {
    err.println("Error: " + message(e));
    if (System.getenv("CAIRN_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof java.util.concurrent.CompletionException
            || t instanceof java.util.concurrent.ExecutionException
            || t instanceof CommandLine.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String line = s.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }
}
