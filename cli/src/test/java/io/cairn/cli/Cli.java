package io.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

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
}
