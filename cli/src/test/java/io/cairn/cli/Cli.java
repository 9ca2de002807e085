package io.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs {@code cairn} in this JVM through Picocli with captured stdout and stderr. */
public final class Cli {
  private Cli() {}

  /** What a run printed and returned. */
  public record Run(int exit, String out, String err) {
    /** The stderr lines (an error is exactly one). */
    public List<String> errLines() {
      return err.isEmpty() ? List.of() : err.lines().toList();
    }
  }

  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = CairnCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs with {@code --endpoints} set first. */
  public static Run against(List<String> endpoints, String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoints", String.join(",", endpoints)));
    all.addAll(List.of(args));
    return run(all.toArray(new String[0]));
  }

  /**
   * A command running on its own thread (watch, lock, elect...): its output can be read while it
   * runs, and {@link #interrupt()} is its Ctrl-C.
   */
  public static final class Running {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final Thread thread;

    private Running(String[] args) {
      var cl = CairnCli.newCommandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      thread =
          new Thread(
              () -> {
                try {
                  exit.complete(cl.execute(args));
                } catch (Throwable t) {
                  exit.completeExceptionally(t);
                }
              },
              "cairn-" + args[args.length > 2 ? 2 : 0]);
      thread.setDaemon(true);
      thread.start();
    }

    /** What it printed so far (StringWriter is synchronized). */
    public String out() {
      return out.toString();
    }

    public String err() {
      return err.toString();
    }

    public boolean isDone() {
      return exit.isDone();
    }

    /** Ctrl-C. */
    public void interrupt() {
      thread.interrupt();
    }

    /** Waits (at most a minute) for it to end; a command that does not end is interrupted. */
    public Run await() {
      try {
        int code = exit.get(60, TimeUnit.SECONDS);
        return new Run(code, out(), err());
      } catch (TimeoutException e) {
        thread.interrupt();
        throw new AssertionError("the command did not end; output: " + out() + err(), e);
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      }
    }
  }

  /** Starts {@code cairn --endpoints ... args} on a new thread. */
  public static Running start(List<String> endpoints, String... args) {
    List<String> all = new ArrayList<>(List.of("--endpoints", String.join(",", endpoints)));
    all.addAll(List.of(args));
    return new Running(all.toArray(new String[0]));
  }
}
