package io.cairn.jepsen.checker;

import io.cairn.jepsen.model.Models;
import io.cairn.jepsen.parse.Histories;
import io.cairn.jepsen.parse.ParsedHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * Benchmark (not a test): times the checker over porcupine's 102 Jepsen etcd logs, or over the
 * files/directories given as arguments. Run from jepsen/ after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   io.cairn.jepsen.checker.CheckBenchmark [--warmup] [PATH...]
 * </pre>
 */
public final class CheckBenchmark {
  private CheckBenchmark() {}

  public static void main(String[] args) throws IOException {
    boolean warmup = false;
    List<Path> roots = new java.util.ArrayList<>();
    for (String a : args) {
      if (a.equals("--warmup")) {
        warmup = true;
      } else {
        roots.add(Paths.get(a));
      }
    }
    if (roots.isEmpty()) {
      roots.add(Paths.get("..", "..", "shared", "checker-data", "porcupine", "jepsen"));
    }
    List<Path> files = new java.util.ArrayList<>();
    for (Path r : roots) {
      try (Stream<Path> s = Files.walk(r)) {
        s.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().endsWith(".md"))
            .filter(p -> !p.getFileName().toString().endsWith(".tsv"))
            .sorted()
            .forEach(files::add);
      }
    }
    if (warmup) {
      run(files, false);
    }
    run(files, true);
  }

  private static void run(List<Path> files, boolean print) throws IOException {
    long total = 0;
    long worst = 0;
    Path worstFile = null;
    int checked = 0;
    for (Path f : files) {
      long t0 = System.nanoTime();
      ParsedHistory h = Histories.load(f);
      if (h.ops().isEmpty()) {
        continue;
      }
      CheckResult r =
          LinearizabilityChecker.check(
              h.ops(), Models.byName(h.defaultModel()), Duration.ofSeconds(60));
      long dt = System.nanoTime() - t0;
      checked++;
      total += dt;
      if (dt > worst) {
        worst = dt;
        worstFile = f;
      }
      if (print && dt > 100_000_000L) {
        System.out.printf("%-40s %-17s %6.3f s%n", f.getFileName(), r.verdict(), dt / 1e9);
      }
    }
    if (print) {
      System.out.printf(
          "%d files (parse + check): total %.3f s, slowest %s %.3f s%n",
          checked, total / 1e9, worstFile == null ? "-" : worstFile.getFileName(), worst / 1e9);
    }
  }
}
