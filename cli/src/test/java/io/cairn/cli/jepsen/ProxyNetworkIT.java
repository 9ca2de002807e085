package io.cairn.cli.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.cli.jepsen.JepsenRuns.Run;
import io.cairn.jepsen.JepsenCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn jepsen run --network proxy}: the rootless network, a TCP proxy per Raft link. A
 * partitioned run of a correct cluster stays valid, and the negative control (SERIALIZABLE reads
 * while the leader is isolated) is caught, which only happens if the proxies really cut the leader
 * off while the majority moved on.
 */
class ProxyNetworkIT {
  @TempDir Path out;

  private Run jepsen(String name, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--network", "proxy"));
    all.addAll(List.of("--nodes", "3", "--workload", "register", "--nemesis", "partition"));
    all.addAll(List.of(args));
    return JepsenRuns.run(Files.createDirectories(out.resolve(name)), all.toArray(String[]::new));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void partitionsThroughLinkProxiesLeaveACorrectClusterLinearizable() throws Exception {
    Run r =
        jepsen(
            "valid",
            "--time",
            "20",
            "--fault-duration",
            "5s",
            "--heal-duration",
            "3s",
            "--concurrency",
            "6",
            "--rate",
            "100",
            "--seed",
            "3");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode res = r.results();
    assertThat(res.get("network").asText()).isEqualTo("proxy");
    assertThat(res.at("/faults_available/partition").asText()).startsWith("proxy: every shape");
    assertThat(res.at("/checkers/linearizable/valid").asBoolean()).isTrue();
    assertThat(res.at("/counts/ok").asLong()).isGreaterThan(200);
    assertThat(res.get("faults").size()).as("partitions injected").isGreaterThanOrEqualTo(1);
    for (JsonNode f : res.get("faults")) {
      assertThat(f.get("fault").asText()).isEqualTo("partition");
      assertThat(f.get("drops_from").size()).isPositive();
    }
    assertThat(Files.readString(r.dir().resolve("logs/n1.log")))
        .as("peers are addressed by name, resolved per node to its link proxies")
        .contains("n2.jepsen.invalid:", "-Djdk.net.hosts.file=");
    assertNoNodeProcessLeft();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void serializableReadsWhileTheProxiesIsolateTheLeaderAreCaught() throws Exception {
    Run r =
        jepsen(
            "control",
            "--time",
            "20",
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
    assertThat(res.get("network").asText()).isEqualTo("proxy");
    assertThat(res.at("/checkers/linearizable/counterexample_indexes").size()).isPositive();
    assertThat(res.get("faults").get(0).get("shape").asText()).isEqualTo("isolate-leader");
    assertNoNodeProcessLeft();
  }

  private static void assertNoNodeProcessLeft() {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }
}
