package io.cairn.jepsen.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.jepsen.history.HistoryReader;
import io.cairn.jepsen.history.HistoryWriter;
import io.cairn.jepsen.history.Op;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch checker on hand-made histories. */
class WatchCheckerTest {
  private final List<Op> h = new ArrayList<>();
  private long t;

  private Op add(Op op) {
    Op indexed = op.withIndex(h.size());
    h.add(indexed);
    return indexed;
  }

  private Op write(int p, String f, String key, long value, Op.Type type, Long revision) {
    Op inv = add(Op.invoke(t++, p, f, key, value));
    return add(inv.completion(type, value, null, t++, "n1", revision));
  }

  private static List<Object> put(long revision, String key, long value, long version) {
    return Arrays.asList(revision, key, value, "put", version);
  }

  /** k0=1 at 1, k1=2 at 2, k0=3 at 3, marker=4 at 4: what a correct watcher delivers. */
  private static List<List<Object>> correct() {
    return new ArrayList<>(
        List.of(
            put(1, "k0", 1, 1), put(2, "k1", 2, 1), put(3, "k0", 3, 2), put(4, "marker", 4, 1)));
  }

  private void writes() {
    write(0, "write", "k0", 1, Op.Type.OK, 1L);
    write(1, "write", "k1", 2, Op.Type.OK, 2L);
    write(2, "write", "k0", 3, Op.Type.INFO, null);
    write(3, "marker", "marker", 4, Op.Type.OK, 4L);
  }

  private Op watcher(int process, String node, List<List<Object>> events) {
    Op inv = add(Op.invoke(t++, process, "watch", null, 1L));
    return add(inv.completion(Op.Type.OK, new ArrayList<Object>(events), null, t++, node, 4L));
  }

  private CheckReport check() {
    return WatchChecker.check(h);
  }

  @Test
  void identicalCompleteWatchersAreValidAndIndefiniteWritesMayAppear() {
    writes();
    watcher(10, "n1", correct());
    watcher(11, "n2", correct());
    List<List<Object>> beyond = correct();
    beyond.add(put(5, "k1", 9, 2)); // after R: ignored
    watcher(12, "n3", beyond);
    CheckReport r = check();
    assertThat(r.valid()).as(r.summary()).isEqualTo(Validity.VALID);
    assertThat(r.details().get("final_revision")).isEqualTo(4L);
    assertThat(r.counterexample()).isEmpty();
  }

  @Test
  void theVerdictFollowsFromHistoryJsonlAlone(@TempDir Path dir) throws Exception {
    writes();
    watcher(10, "n1", correct());
    List<List<Object>> gap = correct();
    gap.remove(2);
    watcher(11, "n2", gap);
    Path file = dir.resolve("history.jsonl");
    try (HistoryWriter w = new HistoryWriter(file)) {
      h.forEach(op -> w.append(op.withIndex(-1)));
    }
    CheckReport fromFile = WatchChecker.check(HistoryReader.read(file));
    assertThat(fromFile.valid()).isEqualTo(Validity.INVALID);
    assertThat(fromFile.details()).isEqualTo(check().details());
  }

  @Test
  void aMissingRevisionIsAGap() {
    writes();
    watcher(10, "n1", correct());
    List<List<Object>> gap = correct();
    gap.remove(1);
    Op bad = watcher(11, "n2", gap);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString())
        .contains("gap: watcher n2 (op " + bad.index() + ") skips revisions 2..2")
        .contains("diverge: watcher n2");
    assertThat(r.counterexample()).contains(bad);
  }

  @Test
  void aSkippedVersionOfOneKeyIsAGapEvenWhenEveryWatcherAgrees() {
    writes();
    List<List<Object>> events = correct();
    events.set(2, put(3, "k0", 3, 3));
    watcher(10, "n1", events);
    watcher(11, "n2", events);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString()).contains("has version 3, expected 2");
  }

  @Test
  void aRevisionDeliveredTwiceIsADuplicate() {
    writes();
    List<List<Object>> dup = correct();
    dup.add(2, put(2, "k1", 2, 1));
    watcher(10, "n1", dup);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString()).contains("duplicate: watcher n1");
  }

  @Test
  void revisionsOutOfOrderAreAReorder() {
    writes();
    watcher(10, "n1", correct());
    List<List<Object>> swapped = correct();
    swapped.set(1, correct().get(2));
    swapped.set(2, correct().get(1));
    watcher(11, "n2", swapped);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString())
        .contains("reorder: watcher n2")
        .contains("diverge: watcher n2 (op")
        .doesNotContain("watcher n1 (op");
  }

  @Test
  void anAcknowledgedWriteMissingFromTheWatchIsLost() {
    writes();
    Op lost = write(4, "write", "k1", 7, Op.Type.OK, 3L); // acknowledged at 3, but 3 shows k0=3
    List<List<Object>> events = correct();
    watcher(10, "n1", events);
    watcher(11, "n2", events);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString())
        .contains("lost: acknowledged write op " + lost.index());
    assertThat(r.counterexample()).contains(lost);
  }

  @Test
  void aValueNeverWrittenIsUnexpected() {
    writes();
    List<List<Object>> events = correct();
    events.set(1, put(2, "k1", 99, 1));
    watcher(10, "n1", events);
    CheckReport r = check();
    assertThat(r.valid()).isEqualTo(Validity.INVALID);
    assertThat(r.details().get("anomalies").toString()).contains("never written");
  }

  @Test
  void aWatcherThatStopsShortOfTheMarkerOrAMissingMarkerIsUnknown() {
    writes();
    watcher(10, "n1", correct());
    watcher(11, "n2", correct().subList(0, 3));
    CheckReport r = check();
    assertThat(r.valid()).as(r.summary()).isEqualTo(Validity.UNKNOWN);
    assertThat(r.summary()).contains("did not deliver through revision 4");

    h.clear();
    write(0, "write", "k0", 1, Op.Type.OK, 1L);
    write(3, "marker", "marker", 4, Op.Type.INFO, null);
    watcher(10, "n1", List.of(put(1, "k0", 1, 1)));
    assertThat(check().summary()).contains("marker write never succeeded");
    assertThat(check().valid()).isEqualTo(Validity.UNKNOWN);
  }
}
