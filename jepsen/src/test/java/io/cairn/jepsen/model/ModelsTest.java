package io.cairn.jepsen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.model.Operation.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsTest {
  private final List<Operation> ops = new ArrayList<>();

  private int op(String f, Object value, Outcome outcome) {
    Op inv = Op.invoke(ops.size(), 0, f, null, value);
    ops.add(new Operation(ops.size(), inv, null, outcome, value));
    return ops.size() - 1;
  }

  /** Applies {@code steps} in order from the initial state; returns the final description. */
  private String run(Model model, int... steps) {
    Model.Instance m = model.prepare(ops);
    long s = m.init();
    for (int i : steps) {
      s = m.step(s, i);
      if (s == Model.Instance.ILLEGAL) {
        return "ILLEGAL";
      }
    }
    return m.describe(s);
  }

  @Test
  void casRegisterStartsAbsentAndNullReadMeansAbsent() {
    Model m = Models.byName("cas-register");
    int readAbsent = op("read", null, Outcome.OK);
    int write3 = op("write", 3L, Outcome.OK);
    int read3 = op("read", 3, Outcome.OK); // Integer and Long compare equal
    int cas34 = op("cas", List.of(3L, 4L), Outcome.OK);
    int casFailed3 = op("cas", List.of(3L, 9L), Outcome.FAILED);
    int delete = op("delete", null, Outcome.OK);
    assertThat(run(m, readAbsent)).isEqualTo("absent");
    assertThat(run(m, write3, readAbsent)).isEqualTo("ILLEGAL");
    assertThat(run(m, write3, read3, cas34)).isEqualTo("4");
    assertThat(run(m, cas34)).isEqualTo("ILLEGAL");
    assertThat(run(m, write3, casFailed3))
        .as("compare failed although state = 3")
        .isEqualTo("ILLEGAL");
    assertThat(run(m, write3, cas34, casFailed3)).isEqualTo("4");
    assertThat(run(m, write3, delete, readAbsent)).isEqualTo("absent");
  }

  @Test
  void registerHasNoCasAndIndefiniteReadsAreIrrelevant() {
    op("cas", List.of(1L, 2L), Outcome.OK);
    assertThatThrownBy(() -> Models.byName("register").prepare(ops))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cas-register");
    Op inv = Op.invoke(0, 0, "read", null, null);
    assertThat(
            Models.byName("register").relevant(new Operation(0, inv, null, Outcome.UNKNOWN, null)))
        .isFalse();
    assertThat(Models.byName("register").relevant(new Operation(0, inv, null, Outcome.OK, null)))
        .isTrue();
  }

  @Test
  void knossosRegisterStartsAtZeroAndNullReadIsAWildcard() {
    Model m = Models.byName("knossos-cas-register");
    int read0 = op("read", 0L, Outcome.OK);
    int readNil = op("read", null, Outcome.OK);
    int write1 = op("write", 1L, Outcome.OK);
    assertThat(run(m, read0)).isEqualTo("0");
    assertThat(run(m, write1, readNil)).isEqualTo("1");
    assertThat(run(m, write1, read0)).isEqualTo("ILLEGAL");
  }

  @Test
  void kvAppendsStringsPerKey() {
    Model m = Models.byName("kv");
    int getEmpty = op("get", "", Outcome.OK);
    int put = op("put", "a", Outcome.OK);
    int append = op("append", "b", Outcome.OK);
    int getAb = op("get", "ab", Outcome.OK);
    assertThat(run(m, getEmpty, put, append, getAb)).isEqualTo("\"ab\"");
    assertThat(run(m, append, put, getAb)).isEqualTo("ILLEGAL");
  }

  @Test
  void mutexAndMultiRegister() {
    int acq = op("acquire", null, Outcome.OK);
    int rel = op("release", null, Outcome.OK);
    assertThat(run(Models.byName("mutex"), acq, rel, acq)).isEqualTo("held");
    assertThat(run(Models.byName("mutex"), acq, acq)).isEqualTo("ILLEGAL");
    assertThat(run(Models.byName("mutex"), rel)).isEqualTo("ILLEGAL");

    ops.clear();
    int wy = op("txn", List.of(List.of("write", "y", 2L), List.of("read", "y", 2L)), Outcome.OK);
    int rx0 =
        op(
            "txn",
            List.of(List.of("read", "x", 0L), java.util.Arrays.asList("read", "y", null)),
            Outcome.OK);
    int ry0 = op("txn", List.of(List.of("read", "y", 0L)), Outcome.OK);
    Model mr = Models.byName("multi-register");
    assertThat(mr.partitionedByKey()).isFalse();
    assertThat(run(mr, rx0, wy, rx0)).isEqualTo("{y=2}");
    assertThat(run(mr, wy, ry0)).isEqualTo("ILLEGAL");
  }

  @Test
  void unknownModelNameListsTheKnownOnes() {
    assertThatThrownBy(() -> Models.byName("queue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cas-register");
    for (String name : Models.NAMES) {
      assertThat(Models.byName(name).name()).isEqualTo(name);
    }
  }
}
