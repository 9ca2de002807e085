package io.cairn.jepsen.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.model.Model;
import io.cairn.jepsen.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {
  private static final Model CAS = Models.byName("cas-register");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static CheckResult check(List<Op> h) {
    return LinearizabilityChecker.check(h, CAS, TIMEOUT);
  }

  @Test
  void concurrentWriteMayBeSeenByAnOverlappingRead() {
    List<Op> h =
        new HistoryBuilder()
            .invoke(0, "write", 1L)
            .invoke(1, "read", null)
            .ok(1, 1L)
            .ok(0)
            .invoke(1, "read", null)
            .ok(1, 1L)
            .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(r.counterexample()).isEmpty();
    assertThat(r.opsChecked()).isEqualTo(3);
    assertThat(r.perKey()).containsEntry("", Verdict.LINEARIZABLE);
  }

  @Test
  void staleReadIsReportedWithASmallWindow() {
    List<Op> h =
        new HistoryBuilder()
            .invoke(0, "write", 1L)
            .ok(0) // 0..1
            .invoke(0, "write", 2L)
            .ok(0) // 2..3
            .invoke(2, "write", 7L)
            .ok(2) // 4..5
            .invoke(1, "read", null)
            .invoke(0, "write", 3L)
            .ok(1, 2L) // 6..8 reads 2 after 7 was written: stale
            .ok(0)
            .build();
    LinearizabilityChecker.Analysis a =
        LinearizabilityChecker.analyze(h, CAS, LinearizabilityChecker.Options.defaults(TIMEOUT));
    CheckResult r = a.result();
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.reason()).contains("op 6", "read 2");
    // window: the stale read, the concurrent write of 3, and the write of 7 that fixed the state
    assertThat(r.counterexample()).extracting(Op::index).containsExactly(4, 5, 6, 7, 8, 9);
    Explanation x = a.explanation();
    assertThat(x.stuck().invoke().index()).isEqualTo(6);
    assertThat(x.stateBefore()).isEqualTo("2");
    // the longest partial linearization also placed the concurrent write of 3
    assertThat(x.stuckState()).isEqualTo("3");
    assertThat(x.render()).contains("cannot be placed", "p1 read 2 ok");
  }

  @Test
  void indefiniteWriteMayOrMayNotTakeEffect() {
    HistoryBuilder base =
        new HistoryBuilder().invoke(0, "write", 1L).ok(0).invoke(1, "write", 2L).info(1);
    List<Op> seen =
        new HistoryBuilder()
            .invoke(0, "write", 1L)
            .ok(0)
            .invoke(1, "write", 2L)
            .info(1)
            .invoke(2, "read", null)
            .ok(2, 2L)
            .build();
    List<Op> notSeen = base.invoke(2, "read", null).ok(2, 1L).build();
    assertThat(check(seen).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    assertThat(check(notSeen).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    // Never completed (no info at all) is the same as info.
    List<Op> open =
        new HistoryBuilder().invoke(1, "write", 2L).invoke(2, "read", null).ok(2, 2L).build();
    assertThat(check(open).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    // But an indefinite write cannot take effect before it was invoked.
    List<Op> early =
        new HistoryBuilder()
            .invoke(2, "read", null)
            .ok(2, 2L)
            .invoke(1, "write", 2L)
            .info(1)
            .build();
    assertThat(check(early).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void failedWriteDidNotHappenAndFailedCasObservedAnotherValue() {
    List<Op> failedWriteSeen =
        new HistoryBuilder()
            .invoke(0, "write", 5L)
            .fail(0, "not-leader")
            .invoke(1, "read", null)
            .ok(1, 5L)
            .build();
    assertThat(check(failedWriteSeen).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);

    HistoryBuilder b = new HistoryBuilder().invoke(0, "write", 1L).ok(0);
    List<Op> lyingCas = b.invoke(1, "cas", List.of(1L, 2L)).fail(1, "compare-failed").build();
    assertThat(check(lyingCas).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    List<Op> otherError =
        new HistoryBuilder()
            .invoke(0, "write", 1L)
            .ok(0)
            .invoke(1, "cas", List.of(1L, 2L))
            .fail(1, "rejected")
            .build();
    assertThat(check(otherError).verdict()).isEqualTo(Verdict.LINEARIZABLE);
  }

  @Test
  void absentReadAfterAWriteIsNotLinearizable() {
    List<Op> h =
        new HistoryBuilder()
            .invoke(0, "write", 1L)
            .ok(0)
            .invoke(1, "read", null)
            .ok(1, null)
            .build();
    assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
  }

  @Test
  void keysAreCheckedIndependently() {
    List<Op> h =
        new HistoryBuilder()
            .invoke(0, "write", "a", 1L)
            .ok(0)
            .invoke(1, "write", "b", 2L)
            .ok(1)
            .invoke(2, "read", "a", null)
            .ok(2, 1L)
            .invoke(3, "read", "b", null)
            .ok(3, 1L) // b was 2
            .build();
    CheckResult r = check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    assertThat(r.perKey()).containsEntry("b", Verdict.NOT_LINEARIZABLE);
    assertThat(r.reason()).startsWith("key b:");
  }

  /** Many overlapping writes and an impossible read: a big search space. */
  private static List<Op> hard() {
    HistoryBuilder b = new HistoryBuilder();
    for (int p = 0; p < 16; p++) {
      b.invoke(p, "write", (long) p);
    }
    b.invoke(99, "read", null);
    for (int p = 0; p < 16; p++) {
      b.ok(p);
    }
    return b.ok(99, 1000L).build();
  }

  @Test
  void timeLimitGivesUnknownNeverLinearizable() {
    CheckResult r = LinearizabilityChecker.check(hard(), CAS, Duration.ZERO);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time limit");
    assertThat(r.perKey()).containsEntry("", Verdict.UNKNOWN);
  }

  @Test
  void memoryLimitGivesUnknown() {
    LinearizabilityChecker.Options tiny = new LinearizabilityChecker.Options(TIMEOUT, 1, 200_000);
    CheckResult r = LinearizabilityChecker.analyze(hard(), CAS, tiny).result();
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("memory limit");
  }

  @Test
  void malformedHistoriesFailLoudly() {
    List<Op> twice = new HistoryBuilder().invoke(0, "read", null).invoke(0, "read", null).build();
    assertThatThrownBy(() -> check(twice)).hasMessageContaining("pending");
    Op orphan =
        Op.invoke(0, 3, "read", null, null)
            .completion(Op.Type.OK, 1L, null, 1, null, null)
            .withIndex(0);
    assertThatThrownBy(() -> check(List.of(orphan))).hasMessageContaining("without an invocation");
  }

  /**
   * Histories recorded from a real (atomic) register are linearizable: every op takes effect at a
   * random instant inside its interval, with crashes (info) and failed ops mixed in.
   */
  @Test
  void historiesOfARealRegisterAreLinearizable() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 6), lists().of(integers().between(0, 999)).ofSizeBetween(1, 40))
        .checkAssert(
            (procs, seeds) ->
                assertThat(check(simulate(procs, seeds)).verdict())
                    .isEqualTo(Verdict.LINEARIZABLE));
  }

  /** The same histories with one ok read changed to a value nobody wrote are not. */
  @Test
  void aReadOfAValueNobodyWroteIsCaught() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 6), lists().of(integers().between(0, 999)).ofSizeBetween(1, 40))
        .checkAssert(
            (procs, seeds) -> {
              List<Op> h = new ArrayList<>(simulate(procs, seeds));
              for (int i = h.size() - 1; i >= 0; i--) {
                Op op = h.get(i);
                if (op.type() == Op.Type.OK && op.f().equals("read")) {
                  h.set(i, op.withValue(-1L));
                  assertThat(check(h).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
                  return;
                }
              }
            });
  }

  // Each seed drives one step: some process invokes, or a pending op takes effect, or completes.
  private static List<Op> simulate(int procs, List<Integer> seeds) {
    List<Op> h = new ArrayList<>();
    Op[] pending = new Op[procs];
    Object[] result = new Object[procs];
    boolean[] applied = new boolean[procs];
    int[] pid = new int[procs];
    for (int i = 0; i < procs; i++) {
      pid[i] = i;
    }
    Object reg = null;
    long t = 0;
    long nextValue = 1;
    Random rnd = new Random(seeds.hashCode());
    for (int s : seeds) {
      for (int k = 0; k < 3; k++) {
        int p = (s + k * 7) % procs;
        if (pending[p] == null) {
          int kind = rnd.nextInt(3);
          Op inv =
              switch (kind) {
                case 0 -> Op.invoke(t++, pid[p], "read", null, null);
                case 1 -> Op.invoke(t++, pid[p], "write", null, nextValue++);
                default ->
                    Op.invoke(
                        t++,
                        pid[p],
                        "cas",
                        null,
                        List.of(rnd.nextInt(3) == 0 ? 99L : nextValue - 1, nextValue++));
              };
          pending[p] = inv.withIndex(h.size());
          h.add(pending[p]);
          applied[p] = false;
        } else if (!applied[p]) {
          Op inv = pending[p];
          switch (inv.f()) {
            case "read" -> result[p] = reg;
            case "write" -> reg = inv.value();
            default -> {
              List<?> cas = (List<?>) inv.value();
              boolean match = java.util.Objects.equals(reg, cas.get(0));
              if (match) {
                reg = cas.get(1);
              }
              result[p] = match;
            }
          }
          applied[p] = true;
        } else {
          Op inv = pending[p];
          Op done;
          if (rnd.nextInt(6) == 0) {
            done = inv.completion(Op.Type.INFO, inv.value(), "timeout", t++, null, null);
            pid[p] += procs; // a crashed process never comes back
          } else if (inv.f().equals("cas") && Boolean.FALSE.equals(result[p])) {
            done = inv.completion(Op.Type.FAIL, inv.value(), "compare-failed", t++, null, null);
          } else {
            Object v = inv.f().equals("read") ? result[p] : inv.value();
            done = inv.completion(Op.Type.OK, v, null, t++, null, null);
          }
          h.add(done.withIndex(h.size()));
          pending[p] = null;
        }
      }
    }
    return h;
  }
}
