package io.cairn.jepsen.workload;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.workload.Calls.Call;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges an append history, per key. Every ok read must be a prefix of the longest one (no
 * reordering, no divergence) and hold no element twice nor one never appended (or whose append
 * definitely failed). An acknowledged append must be in every read that started after it completed
 * (no lost append), and must precede in the list every append that started after it completed.
 * Indefinite appends may or may not appear. A key without an ok read after its last acknowledged
 * append (the final read) leaves the verdict unknown unless something is invalid. Anomalies name
 * the history indexes of the completions involved.
 */
public final class AppendChecker {
  private static final int MAX_LISTED = 20;

  private AppendChecker() {}

  public static CheckReport check(List<Op> history) {
    Map<String, List<Call>> byKey = new TreeMap<>();
    for (Call c : Calls.of(history)) {
      byKey.computeIfAbsent(c.invoke().key(), k -> new ArrayList<>()).add(c);
    }
    List<String> anomalies = new ArrayList<>();
    Set<Op> witnesses = new LinkedHashSet<>();
    List<String> unread = new ArrayList<>();
    Map<String, Object> perKey = new TreeMap<>();
    int okAppends = 0;
    int okReads = 0;
    for (Map.Entry<String, List<Call>> e : byKey.entrySet()) {
      KeyCheck k = new KeyCheck(e.getKey(), e.getValue(), anomalies, witnesses);
      k.run();
      okAppends += k.okAppends.size();
      okReads += k.reads.size();
      perKey.put(
          e.getKey(),
          Map.of(
              "acknowledged_appends", k.okAppends.size(),
              "ok_reads", k.reads.size(),
              "longest_read", k.longest == null ? 0 : k.longest.size()));
      if (!k.finalRead) {
        unread.add(e.getKey());
      }
    }
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("keys", perKey);
    details.put("acknowledged_appends", okAppends);
    details.put("ok_reads", okReads);
    details.put("anomaly_count", anomalies.size());
    details.put("anomalies", anomalies.subList(0, Math.min(anomalies.size(), MAX_LISTED)));
    if (!unread.isEmpty()) {
      details.put("no_final_read", unread);
    }
    Validity v;
    String summary;
    if (!anomalies.isEmpty()) {
      v = Validity.INVALID;
      summary = anomalies.size() + " anomalies, first: " + anomalies.get(0);
    } else if (byKey.isEmpty() || !unread.isEmpty()) {
      v = Validity.UNKNOWN;
      summary = "unknown: no read after the last acknowledged append of " + unread;
    } else {
      v = Validity.VALID;
      summary =
          okReads
              + " reads of "
              + byKey.size()
              + " keys consistent; all "
              + okAppends
              + " acknowledged appends present, in order";
    }
    List<Op> counterexample = new ArrayList<>(witnesses);
    counterexample.sort(Comparator.comparingInt(Op::index));
    return new CheckReport("append", v, summary, details, counterexample);
  }

  /** The checks of one key. */
  private static final class KeyCheck {
    final String key;
    final List<String> anomalies;
    final Set<Op> witnesses;
    final Map<Long, Call> appends = new HashMap<>();
    final List<Call> okAppends = new ArrayList<>();
    final List<Call> reads = new ArrayList<>();
    final Map<Call, List<Long>> values = new HashMap<>();
    List<Long> longest;
    Call longestRead;
    boolean finalRead;

    KeyCheck(String key, List<Call> calls, List<String> anomalies, Set<Op> witnesses) {
      this.key = key;
      this.anomalies = anomalies;
      this.witnesses = witnesses;
      for (Call c : calls) {
        if (c.invoke().f().equals("append")) {
          appends.put(Calls.asLong(c.invoke().value()), c);
          if (c.ok()) {
            okAppends.add(c);
          }
        } else if (c.invoke().f().equals("read") && c.ok()) {
          reads.add(c);
          List<Long> list = new ArrayList<>();
          for (Object o : (List<?>) c.done().value()) {
            list.add(Calls.asLong(o));
          }
          values.put(c, list);
          if (longest == null || list.size() > longest.size()) {
            longest = list;
            longestRead = c;
          }
        }
      }
      okAppends.sort(Comparator.comparingInt(Call::doneIndex));
    }

    void report(String anomaly, Op... ops) {
      anomalies.add("key " + key + ": " + anomaly);
      witnesses.addAll(List.of(ops));
    }

    void run() {
      int lastAck = okAppends.isEmpty() ? -1 : okAppends.get(okAppends.size() - 1).doneIndex();
      for (Call r : reads) {
        finalRead |= r.invoke().index() > lastAck;
        contents(r);
        prefix(r);
        lost(r);
      }
      if (longest != null) {
        order();
      }
    }

    /** No element twice, none never appended or definitely not appended. */
    private void contents(Call r) {
      Set<Long> seen = new HashSet<>();
      for (Long x : values.get(r)) {
        Call a = appends.get(x);
        if (!seen.add(x)) {
          report("duplicate: read op " + r.done().index() + " has " + x + " twice", r.done());
        } else if (a == null) {
          report(
              "unexpected: read op " + r.done().index() + " has " + x + ", never appended",
              r.done());
        } else if (a.failed()) {
          report(
              "unexpected: read op "
                  + r.done().index()
                  + " has "
                  + x
                  + ", whose append op "
                  + a.done().index()
                  + " failed",
              r.done(),
              a.done());
        }
      }
    }

    /** Every read is a prefix of the longest. */
    private void prefix(Call r) {
      List<Long> list = values.get(r);
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).equals(longest.get(i))) {
          report(
              "reorder: read op "
                  + r.done().index()
                  + " is not a prefix of read op "
                  + longestRead.done().index()
                  + ": position "
                  + i
                  + " holds "
                  + list.get(i)
                  + " where the longer read has "
                  + longest.get(i),
              r.done(),
              longestRead.done());
          return;
        }
      }
    }

    /** Every append acknowledged before the read started is in it; one anomaly per read. */
    private void lost(Call r) {
      Set<Long> in = new HashSet<>(values.get(r));
      int started = r.invoke().index();
      Call first = null;
      int missing = 0;
      for (Call a : okAppends) {
        if (a.doneIndex() >= started) {
          break;
        }
        if (!in.contains(Calls.asLong(a.invoke().value()))) {
          first = first == null ? a : first;
          missing++;
        }
      }
      if (first != null) {
        report(
            "lost: read op "
                + r.done().index()
                + " lacks "
                + missing
                + " appends acknowledged before it started, e.g. append "
                + first.invoke().value()
                + " (op "
                + first.done().index()
                + ")",
            first.done(),
            r.done());
      }
    }

    /**
     * An append acknowledged before another started precedes it in the longest read. Walks the
     * appends in order of invocation, keeping the furthest position of those already acknowledged.
     */
    private void order() {
      Map<Long, Integer> position = new HashMap<>();
      for (int i = 0; i < longest.size(); i++) {
        position.putIfAbsent(longest.get(i), i);
      }
      List<Call> present = new ArrayList<>();
      for (Call a : appends.values()) {
        if (position.containsKey(Calls.asLong(a.invoke().value()))) {
          present.add(a);
        }
      }
      present.sort(Comparator.comparingInt(a -> a.invoke().index()));
      int next = 0;
      int furthest = -1;
      Call furthestCall = null;
      for (Call b : present) {
        while (next < okAppends.size() && okAppends.get(next).doneIndex() < b.invoke().index()) {
          Call a = okAppends.get(next++);
          Integer p = position.get(Calls.asLong(a.invoke().value()));
          if (p != null && p > furthest) {
            furthest = p;
            furthestCall = a;
          }
        }
        int pb = position.get(Calls.asLong(b.invoke().value()));
        if (furthest > pb) {
          Op bOp = b.done() == null ? b.invoke() : b.done();
          report(
              "reorder: append "
                  + furthestCall.invoke().value()
                  + " (op "
                  + furthestCall.done().index()
                  + ") completed before append "
                  + b.invoke().value()
                  + " (op "
                  + bOp.index()
                  + ") started, yet follows it in read op "
                  + longestRead.done().index(),
              furthestCall.done(),
              bOp,
              longestRead.done());
        }
      }
    }
  }
}
