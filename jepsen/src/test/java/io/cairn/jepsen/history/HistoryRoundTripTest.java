package io.cairn.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class HistoryRoundTripTest {
  @TempDir Path dir;

  @Test
  void writesTheDocumentedFieldsAndReadsThemBack() throws IOException {
    Path file = dir.resolve("h/history.jsonl");
    Op inv = Op.invoke(1200, 1, "cas", "k7", List.of(4L, 9L), "n2");
    List<Op> written = new ArrayList<>();
    try (HistoryWriter w = new HistoryWriter(file)) {
      written.add(w.append(inv));
      written.add(
          w.append(
              inv.completion(Op.Type.FAIL, List.of(4L, 9L), "compare-failed", 1690, "n2", null)));
      written.add(w.append(Op.invoke(1701, 5, "read", "k7", null)));
      written.add(
          w.append(
              Op.invoke(1701, 5, "read", "k7", null)
                  .completion(Op.Type.OK, null, null, 2100, null, 118L)));
      written.add(w.append(Op.nemesis(2222, "start-partition", Map.of("n1", List.of("n2", "n3")))));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"index\":0,\"time\":1200,\"type\":\"invoke\",\"process\":1,\"f\":\"cas\","
                + "\"key\":\"k7\",\"value\":[4,9],\"node\":\"n2\"}");
    assertThat(lines.get(3))
        .contains("\"type\":\"ok\"", "\"value\":null", "\"revision\":118")
        .doesNotContain("error", "node");
    assertThat(lines.get(4)).contains("\"process\":\"nemesis\"").doesNotContain("key");
    assertThat(HistoryReader.read(file)).isEqualTo(written);
    assertThat(written).extracting(Op::index).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void concurrentAppendsGetDenseUniqueIndexes() throws Exception {
    Path file = dir.resolve("c.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (HistoryWriter w = new HistoryWriter(file)) {
      for (int t = 0; t < 4; t++) {
        int p = t;
        pool.submit(
            () -> {
              for (int i = 0; i < 250; i++) {
                w.append(Op.invoke(i, p, "write", "k", (long) i));
              }
            });
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
    List<Op> ops = HistoryReader.read(file);
    assertThat(ops).hasSize(1000);
    for (int i = 0; i < ops.size(); i++) {
      assertThat(ops.get(i).index()).isEqualTo(i);
    }
  }

  @Test
  void roundTripsAnyOp() {
    Gen<Object> values =
        integers()
            .between(0, 4)
            .zip(
                longs().all(),
                lists().of(longs().between(-5, 5)).ofSizeBetween(0, 3),
                (kind, l, list) ->
                    switch (kind) {
                      case 0 -> null;
                      case 1 -> l;
                      case 2 -> "v" + l;
                      case 3 -> new ArrayList<Object>(list);
                      default -> Map.of("k", l);
                    });
    qt().forAll(
            integers().between(0, 3),
            integers().between(0, 50),
            longs().between(0, Long.MAX_VALUE),
            values)
        .checkAssert(
            (type, process, time, value) -> {
              Op op =
                  new Op(
                      7,
                      time,
                      Op.Type.values()[type],
                      process == 50 ? Op.NEMESIS : process,
                      "write",
                      process % 3 == 0 ? null : "key" + process,
                      value,
                      process % 2 == 0 ? null : "timeout",
                      process % 5 == 0 ? null : "n" + process,
                      process % 4 == 0 ? null : (long) process);
              String line = HistoryJson.toLine(op);
              try {
                assertThat(HistoryReader.read(new StringReader(line + "\n"))).containsExactly(op);
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void rejectsMalformedLinesWithTheLineNumber() {
    String text =
        "{\"index\":0,\"time\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"read\"}\n{\"type\":\"ok\"}\n";
    assertThatThrownBy(() -> HistoryReader.read(new StringReader(text)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> Op.invoke(0, "client", "read", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
