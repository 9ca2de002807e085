package io.cairn.jepsen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The set and bank checkers on hand-made histories; register goes to the WGL checker. */
class CheckersTest {
  private final List<Op> h = new ArrayList<>();
  private long t;

  private Op call(int p, String f, String key, Object in, Op.Type type, Object out) {
    Op inv = Op.invoke(t++, p, f, key, in).withIndex(h.size());
    h.add(inv);
    Op done = inv.completion(type, out, null, t++, "n1", 1L).withIndex(h.size());
    h.add(done);
    return done;
  }

  @Test
  void setFindsALostAcknowledgedAdd() {
    call(0, "add", null, 1L, Op.Type.OK, 1L);
    call(1, "add", null, 2L, Op.Type.OK, 2L);
    call(2, "add", null, 3L, Op.Type.INFO, 3L);
    call(3, "read", null, null, Op.Type.OK, List.of(1L, 3L));
    CheckReport r = new SetWorkload().check(h, Duration.ofSeconds(1)).get(0);
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("lost")).isEqualTo(List.of(2L));
    assertThat(r.counterexample()).extracting(Op::f).containsExactly("add", "read");
  }

  @Test
  void setAcceptsRecoveredIndefiniteAddsAndNeedsAFinalRead() {
    call(0, "add", null, 1L, Op.Type.OK, 1L);
    call(2, "add", null, 3L, Op.Type.INFO, 3L);
    assertThat(new SetWorkload().check(h, Duration.ofSeconds(1)).get(0).valid())
        .isEqualTo(Validity.UNKNOWN);
    call(3, "read", null, null, Op.Type.OK, List.of(1L, 3L));
    assertThat(new SetWorkload().check(h, Duration.ofSeconds(1)).get(0).valid())
        .isEqualTo(Validity.VALID);
  }

  @Test
  void bankFlagsAReadWhoseTotalIsWrong() {
    BankWorkload bank = new BankWorkload(2, 10);
    call(0, "read", null, null, Op.Type.OK, Map.of("a0", 10L, "a1", 10L));
    call(1, "transfer", null, Map.of("from", "a0", "to", "a1", "amount", 3), Op.Type.OK, null);
    call(0, "read", null, null, Op.Type.OK, Map.of("a0", 7L, "a1", 13L));
    assertThat(bank.check(h, Duration.ofSeconds(1)).get(0).valid()).isEqualTo(Validity.VALID);
    Op bad = call(0, "read", null, null, Op.Type.OK, Map.of("a0", 7L, "a1", 10L));
    CheckReport r = bank.check(h, Duration.ofSeconds(1)).get(0);
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.counterexample()).containsExactly(bad);
  }

  @Test
  void registerHistoryWithAStaleReadIsInvalid() {
    call(0, "write", "k", 1L, Op.Type.OK, 1L);
    call(1, "read", "k", null, Op.Type.OK, null);
    RegisterWorkload w = new RegisterWorkload(1, 10);
    CheckReport r = w.check(h, Duration.ofSeconds(5)).get(0);
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.counterexample()).isNotEmpty();
    h.clear();
    call(0, "write", "k", 1L, Op.Type.OK, 1L);
    call(1, "read", "k", null, Op.Type.OK, 1L);
    assertThat(w.check(h, Duration.ofSeconds(5)).get(0).valid()).isEqualTo(Validity.VALID);
  }

  @Test
  void validityCombinesInvalidOverUnknownOverValid() {
    assertThat(Validity.VALID.and(Validity.UNKNOWN)).isEqualTo(Validity.UNKNOWN);
    assertThat(Validity.UNKNOWN.and(Validity.INVALID)).isEqualTo(Validity.INVALID);
    assertThat(Validity.VALID.and(Validity.VALID).json()).isEqualTo(true);
    assertThat(Validity.UNKNOWN.json()).isEqualTo("unknown");
  }
}
