package io.cairn.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.jepsen.model.Models;
import io.cairn.jepsen.parse.Histories;
import io.cairn.jepsen.parse.ParsedHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every history in shared/checker-data gets the verdict its manifest states. */
class CheckerDataTest {
  static final Path DATA = Paths.get("..", "..", "shared", "checker-data");

  static Path data() {
    assertThat(DATA.resolve("README.md"))
        .as(
            "checker data must be checked out beside the repo at %s (shared/checker-data)",
            DATA.toAbsolutePath().normalize())
        .exists();
    return DATA;
  }

  /** (file, expected verdict or null for "no verdict, must not crash"). */
  static Stream<Arguments> manifest() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    Path pm = data().resolve("porcupine").resolve("MANIFEST.tsv");
    for (String line : Files.readAllLines(pm).subList(1, Files.readAllLines(pm).size())) {
      String[] c = line.split("\t");
      Verdict v =
          switch (c[3]) {
            case "ok" -> Verdict.LINEARIZABLE;
            case "illegal" -> Verdict.NOT_LINEARIZABLE;
            default -> null;
          };
      rows.add(Arguments.of("porcupine/" + c[0], v));
    }
    Path km = data().resolve("knossos").resolve("MANIFEST.tsv");
    List<String> kl = Files.readAllLines(km);
    for (String line : kl.subList(1, kl.size())) {
      String[] c = line.split("\t");
      Verdict v = Boolean.parseBoolean(c[3]) ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
      rows.add(Arguments.of("knossos/" + c[0], v));
    }
    return rows.stream();
  }

  @Test
  void manifestsCoverEveryDataFile() throws IOException {
    List<String> listed = manifest().map(a -> (String) a.get()[0]).toList();
    try (Stream<Path> files = Files.walk(data())) {
      List<String> all =
          files
              .filter(Files::isRegularFile)
              .map(p -> data().relativize(p).toString().replace('\\', '/'))
              .filter(p -> p.endsWith(".edn") || p.endsWith(".log") || p.endsWith(".txt"))
              .toList();
      assertThat(listed).containsExactlyInAnyOrderElementsOf(all).hasSize(165);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifest")
  void verdictMatchesManifest(String file, Verdict expected) throws IOException {
    ParsedHistory h = Histories.load(data().resolve(file));
    CheckResult r =
        LinearizabilityChecker.check(
            h.ops(), Models.byName(h.defaultModel()), Duration.ofSeconds(60));
    if (expected == null) {
      assertThat(r.verdict()).isNotNull();
      return;
    }
    assertThat(r.verdict())
        .as("%s (%s): %s", file, h.defaultModel(), r.reason())
        .isEqualTo(expected);
    if (expected == Verdict.NOT_LINEARIZABLE) {
      assertThat(r.counterexample()).isNotEmpty();
    }
  }
}
