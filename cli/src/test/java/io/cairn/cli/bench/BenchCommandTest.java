package io.cairn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ClusterCommandTest;
import io.cairn.cli.ExitCode;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.GetOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code cairn bench} against an in-process 3-node cluster: counts, JSON, verify, bad flags. */
class BenchCommandTest extends ClusterCommandTest {
  static Run bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    return cairn(all.toArray(new String[0]));
  }

  static JsonNode json(Run r) throws Exception {
    assertThat(r.out().lines()).hasSize(1);
    return new ObjectMapper().readTree(r.out());
  }

  @ParameterizedTest
  @ValueSource(strings = {"put", "get", "txn", "mixed"})
  void aShortRunCompletesEveryOpWithoutErrors(String op) throws Exception {
    Run r =
        bench(op, "--total", "60", "--clients", "4", "--conns", "2", "--warmup", "0", "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode j = json(r);
    assertThat(j.get("target").asText()).isEqualTo("cairn");
    assertThat(j.get("op").asText()).isEqualTo(op);
    assertThat(j.get("clients").asInt()).isEqualTo(4);
    assertThat(j.get("conns").asInt()).isEqualTo(2);
    assertThat(j.get("ok").asLong()).isEqualTo(60);
    assertThat(j.get("errors").asLong()).isZero();
    assertThat(j.get("throughput").asDouble()).isPositive();
    assertThat(j.get("p50_ms").asDouble()).isPositive();
    assertThat(j.get("p99_ms").asDouble()).isGreaterThanOrEqualTo(j.get("p50_ms").asDouble());
    assertThat(j.get("max_ms").asDouble()).isGreaterThanOrEqualTo(j.get("p999_ms").asDouble());
    for (String f : List.of("p90_ms", "seconds", "key_size", "val_size", "key_space")) {
      assertThat(j.has(f)).as(f).isTrue();
    }
  }

  @Test
  void putWritesKeysOfTheGivenSizeInTheKeySpace() {
    Run r = bench("put", "--total", "30", "--key-size", "12", "--key-space", "5", "--warmup", "0");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    assertThat(r.out()).contains("OPS/S", "P99.9 MS").contains("cairn", "put");
    try (CairnClient c = cluster.client()) {
      var keys =
          // 11 bytes of prefix: no other test's keys (preload uses key-size 10) share it
          c.get(Bytes.utf8("bench/_____"), GetOptions.builder().prefix(true).keysOnly(true).build())
              .join()
              .kvs();
      assertThat(keys).isNotEmpty().hasSizeLessThanOrEqualTo(5);
      assertThat(keys).allSatisfy(kv -> assertThat(kv.key().size()).isEqualTo(12));
      assertThat(keys).allSatisfy(kv -> assertThat(kv.key().toUtf8()).matches("bench/_____\\d"));
    }
  }

  @Test
  void anOpenLoopRunAtARateCompletesEveryOp() throws Exception {
    Run r =
        bench(
            "put",
            "--rate",
            "400",
            "--total",
            "40",
            "--clients",
            "4",
            "--warmup",
            "0",
            "-o",
            "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode j = json(r);
    assertThat(j.get("ok").asLong()).isEqualTo(40);
    assertThat(j.get("rate").asDouble()).isEqualTo(400.0);
  }

  @Test
  void putVerifyCountsEveryAcknowledgedWrite() throws Exception {
    Run r =
        bench("put", "--verify", "--total", "80", "--clients", "8", "--warmup", "0", "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode j = json(r);
    assertThat(j.get("verified").asBoolean()).isTrue();
    assertThat(j.get("acked").asLong()).isEqualTo(80);
    assertThat(j.get("count").asLong()).isEqualTo(80);
  }

  @Test
  void watchReceivesOneEventPerPutPerWatcher() throws Exception {
    Run r = bench("watch", "--watchers", "3", "--total", "40", "--warmup", "0", "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode j = json(r);
    assertThat(j.get("op").asText()).isEqualTo("watch");
    assertThat(j.get("clients").asInt()).isEqualTo(1);
    assertThat(j.get("puts").asLong()).isEqualTo(40);
    assertThat(j.get("ok").asLong()).isEqualTo(40);
    assertThat(j.get("errors").asLong()).isZero();
  }

  @Test
  void preloadWritesTheWholeKeySpace() throws Exception {
    Run r = bench("preload", "--key-space", "300", "--key-size", "10", "-o", "json");
    assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.OK);
    JsonNode j = json(r);
    assertThat(j.get("ok").asLong()).isEqualTo(300);
    assertThat(j.get("txns").asLong()).isEqualTo(3);
    try (CairnClient c = cluster.client()) {
      long n =
          c.get(Bytes.utf8("bench/_"), GetOptions.builder().prefix(true).countOnly(true).build())
              .join()
              .count();
      assertThat(n).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void badFlagsAreAUsageErrorAndSendNothing() {
    List<String[]> bad =
        List.of(
            new String[] {"put", "--total", "10", "--duration", "1s"},
            new String[] {"put", "--clients", "0"},
            new String[] {"put", "--key-size", "3", "--key-space", "100000"},
            new String[] {"get", "--consistency", "eventual"},
            new String[] {"get", "--verify"},
            new String[] {"put", "--target", "zookeeper"},
            new String[] {"nothing"});
    try (CairnClient c = cluster.client()) {
      long revision = c.get(Bytes.utf8("x")).join().header().revision();
      for (String[] args : bad) {
        Run r = bench(args);
        assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).doesNotContain("\tat ");
      }
      assertThat(bench("put", "--clients", "0").errLines()).hasSize(1);
      assertThat(bench("put", "--total", "1", "--duration", "1s").err())
          .contains("--total or --duration");
      assertThat(c.get(Bytes.utf8("x")).join().header().revision()).isEqualTo(revision);
    }
  }
}
