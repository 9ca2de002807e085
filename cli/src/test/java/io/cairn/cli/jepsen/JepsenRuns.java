package io.cairn.cli.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.jepsen.JepsenCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code cairn jepsen run} in this JVM against nodes started through {@code bin/cairn}. */
final class JepsenRuns {
  static final Path CAIRN = Path.of("").toAbsolutePath().getParent().resolve("bin/cairn");

  private JepsenRuns() {}

  /** What a run printed and returned, its run directory and its parsed results.json. */
  record Run(int exit, String out, String err, Path dir, JsonNode results) {}

  /** {@code jepsen run --out parent --cairn bin/cairn args...}; {@code parent} gets one run. */
  static Run run(Path parent, String... args) throws IOException {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    List<String> all = new ArrayList<>(List.of("run", "--out", parent.toString()));
    all.addAll(List.of("--cairn", CAIRN.toString()));
    all.addAll(List.of(args));
    CommandLine cli = new CommandLine(new JepsenCommand());
    cli.setOut(new PrintWriter(o, true));
    cli.setErr(new PrintWriter(e, true));
    int exit = cli.execute(all.toArray(String[]::new));
    Path dir;
    try (Stream<Path> dirs = Files.list(parent)) {
      dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    return new Run(exit, o.toString(), e.toString(), dir, results);
  }
}
