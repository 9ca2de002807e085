package io.cairn.jepsen;

import io.cairn.jepsen.checker.CheckResult;
import io.cairn.jepsen.checker.LinearizabilityChecker;
import io.cairn.jepsen.checker.Verdict;
import io.cairn.jepsen.explain.ExplainPage;
import io.cairn.jepsen.model.Model;
import io.cairn.jepsen.model.Models;
import io.cairn.jepsen.parse.Histories;
import io.cairn.jepsen.parse.HistoryFormat;
import io.cairn.jepsen.parse.ParsedHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn check}: checks history files for linearizability. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks histories for linearizability and prints one line per file.",
      "Reads Cairn JSON Lines, Knossos/Jepsen EDN, porcupine etcd and kv logs (detected).",
      "Exit: 0 all linearizable, 1 any NOT linearizable, 3 none invalid but some unknown,"
          + " 2 usage error."
    })
public final class CheckCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int USAGE = 2;
  static final int UNKNOWN = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "M",
      description =
          "register, cas-register, kv, knossos-cas-register, mutex or multi-register"
              + " (default: implied by the file format and its operations)")
  String model;

  /** Per-file budget when --timeout is not given. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  @Option(
      names = "--format",
      paramLabel = "F",
      description = "jsonl, edn or etcd-log (default: detect from content and extension)")
  String format;

  @Option(
      names = "--explain",
      paramLabel = "FILE.html",
      description = "Write the counterexample windows as a self-contained HTML page")
  Path explain;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files")
  List<Path> files;

  public CheckCommand() {}

  /**
   * The command on its own, with its own {@code --timeout S} option (seconds). Inside the {@code
   * cairn} CLI the root's inherited {@code --timeout} (a duration; a bare number means seconds)
   * serves instead, since picocli allows one option per name along the command chain.
   */
  public static CommandLine standalone() {
    CommandLine cl = new CommandLine(new CheckCommand());
    cl.getCommandSpec()
        .addOption(
            OptionSpec.builder("--timeout")
                .paramLabel("S")
                .type(double.class)
                .description("Seconds per file before giving up with 'unknown' (default: 60)")
                .build());
    return cl;
  }

  /** The --timeout given on this command or a parent, else the default; null if not positive. */
  private Duration timeout() {
    OptionSpec option = spec.findOption("--timeout");
    boolean given = false;
    for (CommandLine c = spec.commandLine(); c != null; c = c.getParent()) {
      given |= c.getParseResult() != null && c.getParseResult().hasMatchedOption("--timeout");
    }
    if (option == null || !given) {
      return DEFAULT_TIMEOUT;
    }
    Object v = option.getValue();
    Duration d =
        v instanceof Duration duration
            ? duration
            : Duration.ofNanos((long) (((Number) v).doubleValue() * 1e9));
    return d.isNegative() || d.isZero() ? null : d;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Model forced;
    HistoryFormat fmt;
    try {
      forced = model == null ? null : Models.byName(model);
      fmt = format == null ? null : HistoryFormat.fromName(format);
    } catch (IllegalArgumentException e) {
      err.println("cairn check: " + e.getMessage());
      return USAGE;
    }
    Duration timeout = timeout();
    if (timeout == null) {
      err.println("cairn check: --timeout must be positive");
      return USAGE;
    }
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        err.println("cairn check: no such file: " + f);
        return USAGE;
      }
    }
    boolean anyInvalid = false;
    boolean anyUnknown = false;
    List<ExplainPage.Entry> entries = new ArrayList<>();
    for (Path f : files) {
      String line;
      LinearizabilityChecker.Analysis a = null;
      try {
        ParsedHistory h = Histories.load(f, fmt);
        Model m = forced != null ? forced : Models.byName(h.defaultModel());
        a =
            LinearizabilityChecker.analyze(
                h.ops(), m, LinearizabilityChecker.Options.defaults(timeout));
        line = f + ": " + describe(a.result());
      } catch (IllegalArgumentException | IOException e) {
        line = f + ": unknown (" + e.getMessage() + ")";
      }
      out.println(line);
      if (a != null && a.result().verdict() == Verdict.NOT_LINEARIZABLE) {
        anyInvalid = true;
        out.print(a.explanation().render());
      } else if (a == null || a.result().verdict() == Verdict.UNKNOWN) {
        anyUnknown = true;
      }
      entries.add(new ExplainPage.Entry(f.toString(), line, a == null ? null : a.explanation()));
    }
    out.flush();
    if (explain != null) {
      ExplainPage.write(explain, entries);
    }
    return anyInvalid ? INVALID : anyUnknown ? UNKNOWN : OK;
  }

  private static String describe(CheckResult r) {
    return switch (r.verdict()) {
      case LINEARIZABLE -> "linearizable";
      case NOT_LINEARIZABLE -> "NOT linearizable";
      case UNKNOWN -> "unknown (" + r.reason() + ")";
    };
  }
}
