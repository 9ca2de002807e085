package io.cairn.cli.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cli.jepsen.JepsenRuns.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn jepsen run --nemesis member}: voters are removed (a follower, then the leader),
 * wiped, re-added with {@code --join} and promoted while the register workload runs. The history
 * must stay linearizable, record every step, and end with every node a voter again.
 */
class JepsenMemberIT {
  @TempDir Path out;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void removingWipingAndReaddingVotersKeepsTheRegisterLinearizable() throws Exception {
    Run r =
        JepsenRuns.run(
            out,
            "--network",
            "loopback",
            "--nodes",
            "3",
            "--time",
            "40",
            "--workload",
            "register",
            "--nemesis",
            "member",
            "--fault-duration",
            "2s",
            "--heal-duration",
            "2s",
            "--final-heal",
            "5s",
            "--concurrency",
            "4",
            "--rate",
            "80",
            "--seed",
            "5");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode res = r.results();
    assertThat(res.get("valid").asBoolean()).isTrue();
    assertThat(res.at("/checkers/linearizable/valid").asBoolean()).isTrue();
    assertThat(res.at("/counts/ok").asLong()).isGreaterThan(100);

    List<JsonNode> nemesis = nemesisOps(r.dir().resolve("history.jsonl"));
    List<JsonNode> removes = ops(nemesis, "member-remove");
    assertThat(removes).as("remove/re-add cycles").hasSizeGreaterThanOrEqualTo(2);
    assertThat(removes.stream().map(o -> o.at("/value/was").asText()).toList())
        .as("a follower, then the leader")
        .startsWith("follower", "leader");
    for (JsonNode remove : removes) {
      String node = remove.at("/value/node").asText();
      assertThat(remove.at("/value/voters").size()).isEqualTo(2);
      assertThat(stepsAfter(nemesis, remove, node))
          .as("the steps that brought %s back", node)
          .containsSubsequence("member-wipe", "member-join", "member-promote");
    }
    JsonNode last = nemesis.get(nemesis.size() - 1);
    assertThat(last.get("f").asText()).isEqualTo("member-final");
    assertThat(last.at("/value/voters").toString()).isEqualTo("[\"n1\",\"n2\",\"n3\"]");
    assertThat(last.at("/value/learners").size()).isZero();

    assertThat(res.get("faults").size()).isEqualTo(removes.size());
    for (JsonNode f : res.get("faults")) {
      assertThat(f.get("fault").asText()).isEqualTo("member");
      assertThat(f.get("end_s").asDouble()).isGreaterThan(f.get("start_s").asDouble());
    }

    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .as("node processes left running")
        .isEmpty();
    try (Stream<Path> files = Files.list(r.dir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("a wiped node's data dir is recreated by its next start; nothing else is left")
          .containsExactlyInAnyOrder(
              "history.jsonl", "results.json", "report.html", "logs", "n1", "n2", "n3");
    }
  }

  private static List<JsonNode> nemesisOps(Path history) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> ops = new ArrayList<>();
    for (String line : Files.readAllLines(history)) {
      JsonNode op = json.readTree(line);
      if (op.get("process").asText().equals("nemesis")) {
        ops.add(op);
      }
    }
    return ops;
  }

  private static List<JsonNode> ops(List<JsonNode> nemesis, String f) {
    return nemesis.stream().filter(o -> o.get("f").asText().equals(f)).toList();
  }

  /** The member ops about {@code node} after {@code from}, up to its next removal. */
  private static List<String> stepsAfter(List<JsonNode> nemesis, JsonNode from, String node) {
    List<String> steps = new ArrayList<>();
    for (JsonNode o : nemesis.subList(nemesis.indexOf(from) + 1, nemesis.size())) {
      if (!o.at("/value/node").asText().equals(node)) {
        continue;
      }
      if (o.get("f").asText().equals("member-remove")) {
        break;
      }
      steps.add(o.get("f").asText());
    }
    return steps;
  }
}
