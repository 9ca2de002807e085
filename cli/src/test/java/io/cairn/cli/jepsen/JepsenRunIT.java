package io.cairn.cli.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.cli.jepsen.JepsenRuns.Run;
import io.cairn.jepsen.JepsenCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn jepsen run} end to end against real node processes started through {@code bin/cairn
 * server}: a short faulty run of a correct cluster must be valid, and the negative control
 * (SERIALIZABLE reads while the leader is isolated) must be caught as not linearizable.
 */
class JepsenRunIT {
  @TempDir Path out;

  private Run jepsen(String... args) throws IOException {
    return JepsenRuns.run(out, args);
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void aShortRunWithKillsAndPartitionsIsLinearizable() throws Exception {
    Run r =
        jepsen(
            "--nodes",
            "3",
            "--time",
            "45",
            "--workload",
            "register",
            "--nemesis",
            "kill,partition",
            "--concurrency",
            "8",
            "--rate",
            "150",
            "--seed",
            "7");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode res = r.results();
    assertThat(res.get("valid").asBoolean()).isTrue();
    assertThat(res.at("/checkers/linearizable/valid").asBoolean()).isTrue();
    assertThat(res.at("/counts/ok").asLong()).isGreaterThan(500);
    assertThat(res.get("faults").size()).as("faults injected").isGreaterThanOrEqualTo(2);
    for (JsonNode f : res.get("faults")) {
      assertThat(f.get("end_s").asDouble()).isGreaterThan(f.get("start_s").asDouble());
      assertThat(f.get("end_s").asDouble())
          .as("the last part of the run is healed")
          .isLessThan(res.at("/options/time_s").asDouble() - 5);
    }
    assertThat(r.dir().resolve("history.jsonl")).isNotEmptyFile();
    for (String n : List.of("n1", "n2", "n3")) {
      assertThat(r.dir().resolve("logs").resolve(n + ".log")).isNotEmptyFile();
    }
    String html = Files.readString(r.dir().resolve("report.html"));
    assertThat(html).contains("<svg", "linearizable", "Timeline", "Latency", "Throughput");
    assertThat(html).doesNotContain("src=\"http", "href=\"http");
    assertNothingLeftBehind(res);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void serializableReadsWhileTheLeaderIsIsolatedAreCaught() throws Exception {
    Run r =
        jepsen(
            "--nodes",
            "3",
            "--time",
            "25",
            "--workload",
            "register",
            "--nemesis",
            "partition",
            "--partitions",
            "isolate-leader",
            "--fault-duration",
            "6s",
            "--heal-duration",
            "3s",
            "--concurrency",
            "10",
            "--rate",
            "200",
            "--seed",
            "11",
            "--unsafe-serializable-reads");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(JepsenCommand.INVALID);
    JsonNode res = r.results();
    assertThat(res.get("valid").asBoolean(true)).isFalse();
    assertThat(res.at("/options/unsafe_serializable_reads").asBoolean()).isTrue();
    assertThat(res.at("/checkers/linearizable/counterexample_indexes").size()).isPositive();
    assertThat(r.out()).contains("NOT linearizable");
    assertThat(Files.readString(r.dir().resolve("report.html"))).contains("Counterexample");
    assertNothingLeftBehind(res);
  }

  /** No node process of this JVM survives, and no namespace bridge owned by it either. */
  private static void assertNothingLeftBehind(JsonNode res) throws Exception {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
    if (res.get("network").asText().equals("netns")) {
      Process p = new ProcessBuilder("ip", "-o", "link", "show").redirectErrorStream(true).start();
      String links = new String(p.getInputStream().readAllBytes());
      p.waitFor(10, TimeUnit.SECONDS);
      assertThat(links).doesNotContain("cairn-jepsen pid=" + ProcessHandle.current().pid() + "\n");
    }
  }
}
