package io.cairn.jepsen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.jepsen.history.Op;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The append checker on hand-made histories. */
class AppendCheckerTest {
  private final List<Op> h = new ArrayList<>();
  private long t;

  private Op invoke(int p, String f, String key, Object value) {
    Op op = Op.invoke(t++, p, f, key, value).withIndex(h.size());
    h.add(op);
    return op;
  }

  private Op complete(Op inv, Op.Type type, Object value) {
    Op op = inv.completion(type, value, null, t++, "n1", 1L).withIndex(h.size());
    h.add(op);
    return op;
  }

  private Op append(int p, String key, long x, Op.Type type) {
    return complete(invoke(p, "append", key, x), type, x);
  }

  private Op read(int p, String key, List<Long> list) {
    return complete(invoke(p, "read", key, null), Op.Type.OK, list);
  }

  private CheckReport check() {
    return AppendChecker.check(h);
  }

  private String anomalies(CheckReport r) {
    return r.details().get("anomalies").toString();
  }

  @Test
  void prefixReadsWithEveryAcknowledgedAppendAreValid() {
    append(0, "k0", 1, Op.Type.OK);
    read(1, "k0", List.of(1L));
    append(0, "k0", 2, Op.Type.OK);
    append(2, "k0", 3, Op.Type.INFO); // indefinite: may be missing
    append(3, "k0", 4, Op.Type.FAIL);
    read(1, "k0", List.of(1L, 2L));
    append(4, "k1", 5, Op.Type.INFO); // indefinite: may be present
    read(1, "k1", List.of(5L));
    read(1, "k0", List.of(1L, 2L));
    CheckReport r = check();
    assertThat(r.valid()).as(r.summary()).isEqualTo(Validity.VALID);
    assertThat(r.counterexample()).isEmpty();
  }

  @Test
  void concurrentAppendsMayLandInEitherOrder() {
    Op a = invoke(0, "append", "k0", 1L);
    Op b = invoke(1, "append", "k0", 2L);
    complete(a, Op.Type.OK, 1L);
    complete(b, Op.Type.OK, 2L);
    read(2, "k0", List.of(2L, 1L));
    assertThat(check().valid()).isEqualTo(Validity.VALID);
  }

  @Test
  void anAcknowledgedAppendMissingFromALaterReadIsLost() {
    append(0, "k0", 1, Op.Type.OK);
    Op lost = append(0, "k0", 2, Op.Type.OK);
    Op r1 = read(1, "k0", List.of(1L));
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(anomalies(r))
        .contains(
            "key k0: lost: read op "
                + r1.index()
                + " lacks 1 appends acknowledged before it started, e.g. append 2 (op "
                + lost.index()
                + ")");
    assertThat(r.counterexample()).containsExactly(lost, r1);
  }

  @Test
  void readsThatAreNotPrefixesOfEachOtherAreAReorder() {
    Op a = invoke(0, "append", "k0", 1L);
    Op b = invoke(1, "append", "k0", 2L);
    Op ra = read(2, "k0", List.of(1L, 2L));
    Op rb = read(3, "k0", List.of(2L, 1L));
    complete(a, Op.Type.INFO, 1L);
    complete(b, Op.Type.INFO, 2L);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(anomalies(r))
        .contains("reorder: read op " + rb.index() + " is not a prefix of read op " + ra.index());
  }

  @Test
  void anAppendOrderedBeforeOneThatPrecededItInRealTimeIsAReorder() {
    Op first = append(0, "k0", 1, Op.Type.OK);
    Op second = append(1, "k0", 2, Op.Type.OK);
    Op readOp = read(2, "k0", List.of(2L, 1L));
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(anomalies(r))
        .contains(
            "reorder: append 1 (op "
                + first.index()
                + ") completed before append 2 (op "
                + second.index()
                + ") started, yet follows it in read op "
                + readOp.index());
  }

  @Test
  void anElementTwiceIsADuplicate() {
    append(0, "k0", 1, Op.Type.OK);
    Op dup = read(1, "k0", List.of(1L, 1L));
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(anomalies(r)).contains("duplicate: read op " + dup.index() + " has 1 twice");
  }

  @Test
  void aFailedOrNeverAttemptedAppendMustNotBeVisible() {
    Op failed = append(0, "k0", 1, Op.Type.FAIL);
    read(1, "k0", List.of(1L, 9L));
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(anomalies(r))
        .contains("has 1, whose append op " + failed.index() + " failed")
        .contains("has 9, never appended");
  }

  @Test
  void withoutAReadAfterTheLastAcknowledgedAppendTheVerdictIsUnknown() {
    read(1, "k0", List.of());
    append(0, "k0", 1, Op.Type.OK);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.details().get("no_final_read")).isEqualTo(List.of("k0"));
    read(1, "k0", List.of(1L));
    assertThat(check().valid()).isEqualTo(Validity.VALID);
  }
}
