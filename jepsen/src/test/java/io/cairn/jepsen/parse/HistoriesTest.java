package io.cairn.jepsen.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.jepsen.history.Op;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoriesTest {

  @Test
  void ednReaderHandlesTheSyntaxHistoriesUse() {
    List<Object> forms =
        Edn.readAll(
            "; comment\n[{:a nil, :b \"s\\\"q\" :c [1 -2 3.5] :d (x :y) :e #{1} :f true} #_ 9 42N]");
    assertThat(forms).hasSize(1);
    List<?> v = (List<?>) forms.get(0);
    Map<?, ?> m = (Map<?, ?>) v.get(0);
    assertThat(m.get("a")).isNull();
    assertThat(m.containsKey("a")).isTrue();
    assertThat(m.get("b")).isEqualTo("s\"q");
    assertThat(m.get("c")).isEqualTo(List.of(1L, -2L, 3.5));
    assertThat(m.get("d")).isEqualTo(List.of("x", "y"));
    assertThat(m.get("e")).isEqualTo(List.of(1L));
    assertThat(m.get("f")).isEqualTo(true);
    assertThat(v.get(1)).isEqualTo(42L);
    assertThatThrownBy(() -> Edn.readAll("[1 2")).hasMessageContaining("missing ']'");
    assertThatThrownBy(() -> Edn.readAll("{:a}")).hasMessageContaining("odd");
  }

  @Test
  void knossosVectorSkipsNothingAndKeepsNemesis() throws IOException {
    ParsedHistory h =
        Histories.parse(
            "[{:process 0, :type :invoke, :f :cas, :value [1 2]}\n"
                + " {:process :nemesis, :type :info, :f :start, :value nil}\n"
                + " {:process 0, :type :fail, :f :cas, :value [1 2], :error :mismatch}]",
            HistoryFormat.EDN);
    assertThat(h.defaultModel()).isEqualTo("knossos-cas-register");
    assertThat(h.ops()).hasSize(3);
    assertThat(h.ops().get(0).value()).isEqualTo(List.of(1L, 2L));
    assertThat(h.ops().get(1).isNemesis()).isTrue();
    assertThat(h.ops().get(2))
        .extracting(Op::type, Op::error, Op::time, Op::index)
        .containsExactly(Op.Type.FAIL, "mismatch", 2L, 2);
  }

  @Test
  void porcupineKvLinesAreEdnOpsWithKeys() throws IOException {
    ParsedHistory h =
        Histories.parse(
            "{:process 0, :type :invoke, :f :append, :key \"4\", :value \"x 0 1 y\"}\n"
                + "{:process 0, :type :ok, :f :append, :key \"4\", :value \"x 0 1 y\"}\n",
            HistoryFormat.detect("c01-ok.txt", "{:process 0"));
    assertThat(h.format()).isEqualTo(HistoryFormat.EDN);
    assertThat(h.defaultModel()).isEqualTo("kv");
    assertThat(h.ops().get(1)).extracting(Op::key, Op::value).containsExactly("4", "x 0 1 y");
  }

  @Test
  void etcdLogsFollowTheDataReadme() throws IOException {
    String log =
        "INFO  jepsen.util - 3\t:invoke\t:cas\t[3 0]\n"
            + "INFO  jepsen.util - 3\t:fail\t:cas\t[3 0]\n"
            + "INFO  jepsen.util - 4 :invoke :read nil\n"
            + "INFO  jepsen.util - 4 :fail :read :timed-out\n"
            + "INFO  jepsen.util - 5\t:invoke\t:write\t2\n"
            + "INFO  jepsen.util - 5\t:info\t:write\t:timed-out\n";
    assertThat(HistoryFormat.detect("x.txt", log)).isEqualTo(HistoryFormat.ETCD_LOG);
    ParsedHistory h = Histories.parse(log, HistoryFormat.ETCD_LOG);
    assertThat(h.defaultModel()).isEqualTo("cas-register");
    List<Op> ops = h.ops();
    assertThat(ops.get(0).value()).isEqualTo(List.of(3L, 0L));
    assertThat(ops.get(1))
        .extracting(Op::type, Op::error)
        .containsExactly(Op.Type.FAIL, "compare-failed");
    assertThat(ops.get(3))
        .extracting(Op::type, Op::error)
        .containsExactly(Op.Type.INFO, "timed-out");
    assertThat(ops.get(4).value()).isEqualTo(2L);
    assertThat(ops.get(5)).extracting(Op::type, Op::value).containsExactly(Op.Type.INFO, null);
    assertThatThrownBy(() -> Histories.parse("hello\n", HistoryFormat.ETCD_LOG))
        .hasMessageContaining("line 1");
  }

  @Test
  void detectsByContentThenByExtension() {
    assertThat(HistoryFormat.detect("h.txt", "{\"index\":0}")).isEqualTo(HistoryFormat.JSONL);
    assertThat(HistoryFormat.detect("h.jsonl", "; c\n[{:f :read}]")).isEqualTo(HistoryFormat.EDN);
    assertThat(HistoryFormat.detect("etcd_095.log", "")).isEqualTo(HistoryFormat.ETCD_LOG);
    assertThat(HistoryFormat.detect("h.edn", "")).isEqualTo(HistoryFormat.EDN);
    assertThat(HistoryFormat.detect("history.jsonl", "")).isEqualTo(HistoryFormat.JSONL);
    assertThat(HistoryFormat.fromName("etcd-log")).isEqualTo(HistoryFormat.ETCD_LOG);
    assertThatThrownBy(() -> HistoryFormat.fromName("csv")).hasMessageContaining("jsonl");
  }

  @Test
  void jsonlWithGetPutImpliesKv() throws IOException {
    String line =
        "{\"index\":0,\"time\":5,\"type\":\"invoke\",\"process\":0,\"f\":\"put\",\"key\":\"a\",\"value\":\"x\"}\n";
    assertThat(Histories.parse(line, HistoryFormat.JSONL).defaultModel()).isEqualTo("kv");
    String reg = line.replace("put", "write");
    assertThat(Histories.parse(reg, HistoryFormat.JSONL).defaultModel()).isEqualTo("cas-register");
  }
}
