package io.cairn.jepsen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.nemesis.Fault;
import io.cairn.jepsen.nemesis.FaultWindow;
import io.cairn.jepsen.nemesis.PartitionShape;
import io.cairn.jepsen.run.RunOptions;
import io.cairn.jepsen.workload.CheckReport;
import io.cairn.jepsen.workload.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  @TempDir Path dir;

  @Test
  void reportIsSelfContainedAndShowsFaultsOpsAndTheCounterexample() throws Exception {
    Op w = Op.invoke(1_000_000, 0, "write", "k<1>", 1L).withIndex(0);
    Op wOk = w.completion(Op.Type.OK, 1L, null, 2_000_000, "n1", 3L).withIndex(1);
    Op r = Op.invoke(3_000_000, 1, "read", "k<1>", null).withIndex(2);
    Op rInfo = r.completion(Op.Type.INFO, null, "timeout", 4_000_000, null, null).withIndex(3);
    List<Op> history = List.of(w, wOk, r, rInfo);
    FaultWindow f =
        new FaultWindow(
            "partition", "isolate-leader", List.of("n1"), Map.of("n1", Set.of("n2")), 0, 500_000);
    RunOptions o =
        new RunOptions(
            3,
            Duration.ofSeconds(1),
            "register",
            List.of(Fault.PARTITION),
            List.of(PartitionShape.ISOLATE_LEADER),
            2,
            10,
            1,
            dir,
            true,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(500),
            10,
            Duration.ofSeconds(1),
            "loopback",
            dir);
    CheckReport bad =
        new CheckReport(
            "linearizable", Validity.INVALID, "NOT linearizable", Map.of(), List.of(w, wOk));
    Path file = dir.resolve("report.html");
    HtmlReport.write(
        file,
        "run-1",
        o,
        "loopback",
        Validity.INVALID,
        List.of(bad),
        List.of(f),
        history,
        5_000_000);
    String html = Files.readString(file);
    assertThat(html).contains("INVALID", "Counterexample", "isolate-leader", "#f9a825", "<svg");
    assertThat(html).contains("k&lt;1&gt;").doesNotContain("k<1>");
    assertThat(html).doesNotContain("http://", "https://");

    Path json = dir.resolve("results.json");
    ResultsJson.write(
        json,
        "run-1",
        o,
        "loopback",
        Map.of("partition", "unavailable"),
        Validity.INVALID,
        List.of(bad),
        List.of(f),
        history,
        5_000_000);
    String results = Files.readString(json);
    assertThat(results)
        .contains(
            "\"valid\" : false",
            "\"info\" : 1",
            "\"ok\" : 1",
            "\"counterexample_indexes\" : [ 0, 1 ]",
            "\"shape\" : \"isolate-leader\"");
  }
}
