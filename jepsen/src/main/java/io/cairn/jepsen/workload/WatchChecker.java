package io.cairn.jepsen.workload;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.workload.Calls.Call;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Judges a watch history. R is the revision of the acknowledged {@code marker} write. Up to R every
 * watcher's events must be the same sequence; within each: revisions increase (no duplicate, no
 * reordering), every revision from 1 to R is present (the workload is the cluster's only writer, so
 * each revision changed a watched key) and each key's version grows by one per put (no gap); every
 * acknowledged write appears at its acknowledged revision with its value; nothing appears that was
 * never written or whose write definitely failed. A watcher that did not reach R makes the verdict
 * unknown unless something is invalid.
 */
public final class WatchChecker {
  private static final int MAX_LISTED = 20;

  private WatchChecker() {}

  /** One delivered event. */
  record Event(long revision, String key, Object value, String type, long version) {
    static Event of(Object o) {
      List<?> l = (List<?>) o;
      Object v = l.get(2) instanceof Number n ? (Object) n.longValue() : l.get(2);
      return new Event(
          Calls.asLong(l.get(0)), (String) l.get(1), v, (String) l.get(3), Calls.asLong(l.get(4)));
    }
  }

  public static CheckReport check(List<Op> history) {
    List<Call> calls = Calls.of(history);
    Long finalRevision = null;
    Map<String, Set<Object>> attempted = new HashMap<>();
    Map<String, Set<Object>> failed = new HashMap<>();
    List<Call> acked = new ArrayList<>();
    List<Call> watches = new ArrayList<>();
    for (Call c : calls) {
      String f = c.invoke().f();
      if (f.equals("watch")) {
        if (c.done() != null) {
          watches.add(c);
        }
        continue;
      }
      Object v = value(c.invoke().value());
      attempted.computeIfAbsent(c.invoke().key(), k -> new HashSet<>()).add(v);
      if (c.failed()) {
        failed.computeIfAbsent(c.invoke().key(), k -> new HashSet<>()).add(v);
      }
      if (c.ok()) {
        acked.add(c);
        if (f.equals(WatchWorkload.MARKER)) {
          finalRevision = c.done().revision();
        }
      }
    }
    List<String> anomalies = new ArrayList<>();
    Set<Op> witnesses = new LinkedHashSet<>();
    Map<String, Object> perWatcher = new LinkedHashMap<>();
    long r = finalRevision == null ? Long.MAX_VALUE : finalRevision;
    List<Event> reference = null;
    Call referenceCall = null;
    boolean behind = false;
    for (Call w : watches) {
      List<Event> seq = new ArrayList<>();
      for (Object o : (List<?>) w.done().value()) {
        Event e = Event.of(o);
        if (e.revision() <= r) {
          seq.add(e);
        }
      }
      String name = label(w);
      long through = seq.isEmpty() ? 0 : seq.get(seq.size() - 1).revision();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("events", seq.size());
      d.put("through", through);
      if (w.done().error() != null) {
        d.put("ended", w.done().error());
      }
      perWatcher.put(w.done().node(), d);
      int before = anomalies.size();
      checkOne(name, seq, attempted, failed, anomalies);
      if (finalRevision != null && through < finalRevision) {
        behind = true;
      }
      if (anomalies.size() > before) {
        witnesses.add(w.done());
      }
      if (reference == null || seq.size() > reference.size()) {
        reference = seq;
        referenceCall = w;
      }
    }
    if (reference != null) {
      for (Call w : watches) {
        List<Event> seq = new ArrayList<>();
        for (Object o : (List<?>) w.done().value()) {
          Event e = Event.of(o);
          if (e.revision() <= r) {
            seq.add(e);
          }
        }
        for (int i = 0; i < seq.size(); i++) {
          if (!seq.get(i).equals(reference.get(i))) {
            anomalies.add(
                "diverge: watcher "
                    + label(w)
                    + " event "
                    + i
                    + " is "
                    + seq.get(i)
                    + " where "
                    + label(referenceCall)
                    + " has "
                    + reference.get(i));
            witnesses.add(w.done());
            witnesses.add(referenceCall.done());
            break;
          }
        }
      }
      Map<Long, Event> byRevision = new HashMap<>();
      for (Event e : reference) {
        byRevision.putIfAbsent(e.revision(), e);
      }
      long through = reference.isEmpty() ? 0 : reference.get(reference.size() - 1).revision();
      for (Call a : acked) {
        long rev = a.done().revision();
        if (rev > through) {
          continue; // no watcher got there: reported as unknown below
        }
        Event e = byRevision.get(rev);
        Object v = value(a.done().value());
        if (e == null || !e.key().equals(a.invoke().key()) || !Objects.equals(e.value(), v)) {
          anomalies.add(
              "lost: acknowledged write op "
                  + a.done().index()
                  + " ("
                  + a.invoke().key()
                  + " = "
                  + v
                  + " at revision "
                  + rev
                  + ") is not in the watch, which has "
                  + e);
          witnesses.add(a.done());
          witnesses.add(referenceCall.done());
        }
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("final_revision", finalRevision);
    details.put("acknowledged_writes", acked.size());
    details.put("watchers", perWatcher);
    details.put("anomaly_count", anomalies.size());
    details.put("anomalies", anomalies.subList(0, Math.min(anomalies.size(), MAX_LISTED)));
    Validity v;
    String summary;
    if (!anomalies.isEmpty()) {
      v = Validity.INVALID;
      summary = anomalies.size() + " anomalies, first: " + anomalies.get(0);
    } else if (watches.isEmpty()) {
      v = Validity.UNKNOWN;
      summary = "unknown: no watcher recorded";
    } else if (finalRevision == null) {
      v = Validity.UNKNOWN;
      summary = "unknown: the final marker write never succeeded";
    } else if (behind) {
      v = Validity.UNKNOWN;
      summary = "unknown: a watcher did not deliver through revision " + finalRevision;
    } else {
      v = Validity.VALID;
      summary =
          watches.size()
              + " watchers saw the same "
              + reference.size()
              + " events through revision "
              + finalRevision
              + ", all "
              + acked.size()
              + " acknowledged writes included";
    }
    return new CheckReport("watch", v, summary, details, new ArrayList<>(witnesses));
  }

  /** Order, duplicates, revision gaps, version gaps and unexpected values within one watcher. */
  private static void checkOne(
      String name,
      List<Event> seq,
      Map<String, Set<Object>> attempted,
      Map<String, Set<Object>> failed,
      List<String> anomalies) {
    long previous = 0;
    Set<String> keysAtRevision = new HashSet<>();
    Map<String, Long> versions = new HashMap<>();
    for (int i = 0; i < seq.size(); i++) {
      Event e = seq.get(i);
      if (e.revision() < previous) {
        anomalies.add(
            "reorder: watcher " + name + " event " + i + " " + e + " after revision " + previous);
      } else if (e.revision() == previous && !keysAtRevision.add(e.key())) {
        anomalies.add("duplicate: watcher " + name + " event " + i + " " + e);
      } else if (e.revision() > previous) {
        if (e.revision() > previous + 1) {
          anomalies.add(
              "gap: watcher "
                  + name
                  + " skips revisions "
                  + (previous + 1)
                  + ".."
                  + (e.revision() - 1)
                  + " before event "
                  + i);
        }
        keysAtRevision.clear();
        keysAtRevision.add(e.key());
        previous = e.revision();
      }
      if (e.type().equals("put")) {
        long expected = versions.getOrDefault(e.key(), 0L) + 1;
        if (e.version() != expected) {
          anomalies.add(
              "gap: watcher "
                  + name
                  + " event "
                  + i
                  + " "
                  + e
                  + " has version "
                  + e.version()
                  + ", expected "
                  + expected);
        }
        versions.put(e.key(), e.version());
        if (!attempted.getOrDefault(e.key(), Set.of()).contains(e.value())) {
          anomalies.add("unexpected: watcher " + name + " event " + i + " " + e + " never written");
        } else if (failed.getOrDefault(e.key(), Set.of()).contains(e.value())) {
          anomalies.add(
              "unexpected: watcher " + name + " event " + i + " " + e + " from a failed write");
        }
      } else {
        versions.remove(e.key());
      }
    }
  }

  private static String label(Call watch) {
    return watch.done().node() + " (op " + watch.done().index() + ")";
  }

  private static Object value(Object o) {
    return o instanceof Number n ? (Object) n.longValue() : o;
  }
}
