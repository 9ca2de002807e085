package io.cairn.cli.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code watch} workload end to end (about 25 s): while a node is killed and restarted, one
 * watcher per node must deliver the same gap-free sequence of events through the final marker
 * revision, holding every acknowledged write.
 */
class WatchWorkloadIT {
  @TempDir Path out;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyWatcherSeesTheSameCompleteSequenceAcrossAKill() throws Exception {
    JepsenRuns.Run run =
        JepsenRuns.run(
            out,
            "--nodes",
            "3",
            "--time",
            "15",
            "--workload",
            "watch",
            "--nemesis",
            "kill",
            "--fault-duration",
            "4s",
            "--heal-duration",
            "3s",
            "--concurrency",
            "4",
            "--rate",
            "100",
            "--seed",
            "3");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    Path dir = run.dir();
    JsonNode res = run.results();
    JsonNode watch = res.at("/checkers/watch");
    assertThat(watch.get("valid").asBoolean()).as(watch.toString()).isTrue();
    long r = watch.get("final_revision").asLong();
    assertThat(r).isGreaterThan(100);
    assertThat(watch.get("acknowledged_writes").asLong()).isPositive().isLessThanOrEqualTo(r);
    for (String n : List.of("n1", "n2", "n3")) {
      assertThat(watch.at("/watchers/" + n + "/through").asLong()).as(n).isEqualTo(r);
      assertThat(watch.at("/watchers/" + n + "/events").asLong()).as(n).isEqualTo(r);
    }
    assertThat(res.get("faults").size()).as("faults injected").isPositive();
    assertThat(Files.readAllLines(dir.resolve("history.jsonl")))
        .filteredOn(l -> l.contains("\"f\":\"watch\""))
        .hasSize(6);
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }
}
