package io.cairn.jepsen.workload;

import io.cairn.client.Bytes;
import io.cairn.client.GetOptions;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.PutResult;
import io.cairn.client.ReadConsistency;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adds unique elements (one key each under {@code set/}); after the run a linearizable read of the
 * whole prefix must contain every acknowledged add (lost writes) and nothing never attempted.
 */
public final class SetWorkload implements Workload {
  static final String PREFIX = "set/";
  private final AtomicLong elements = new AtomicLong();

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Request next(Random random, int worker) {
    return new Request("add", null, elements.incrementAndGet());
  }

  @Override
  public Outcome apply(ClusterClients clients, int worker, Request r) {
    if (r.f().equals("add")) {
      long e = (Long) r.value();
      PutResult p =
          clients
              .writer()
              .blocking()
              .put(Bytes.utf8(PREFIX + String.format("%012d", e)), Bytes.utf8(Long.toString(e)));
      return Outcome.ok(e, p.header().memberId(), p.header().revision());
    }
    GetResult g =
        clients
            .writer()
            .blocking()
            .get(
                Bytes.utf8(PREFIX),
                GetOptions.builder()
                    .prefix(true)
                    .consistency(ReadConsistency.LINEARIZABLE)
                    .build());
    List<Long> seen = new ArrayList<>();
    for (KeyValue kv : g.kvs()) {
      seen.add(Long.parseLong(kv.value().toUtf8()));
    }
    return Outcome.ok(seen, g.header().memberId(), g.header().revision());
  }

  @Override
  public List<Request> finalRequests() {
    return List.of(new Request("read", null, null));
  }

  @Override
  public List<CheckReport> check(List<Op> history, Duration timeout) {
    TreeSet<Long> acknowledged = new TreeSet<>();
    TreeSet<Long> attempted = new TreeSet<>();
    List<Long> finalRead = null;
    Op finalOp = null;
    for (Op op : history) {
      if (op.isNemesis()) {
        continue;
      }
      if (op.f().equals("add")) {
        long e = ((Number) op.value()).longValue();
        if (op.type() == Op.Type.INVOKE) {
          attempted.add(e);
        } else if (op.type() == Op.Type.OK) {
          acknowledged.add(e);
        }
      } else if (op.f().equals("read") && op.type() == Op.Type.OK) {
        finalRead = new ArrayList<>();
        for (Object o : (List<?>) op.value()) {
          finalRead.add(((Number) o).longValue());
        }
        finalOp = op;
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("attempted", attempted.size());
    details.put("acknowledged", acknowledged.size());
    if (finalRead == null) {
      details.put("final_read", "none succeeded");
      return List.of(
          new CheckReport(
              "set", Validity.UNKNOWN, "unknown: no final read succeeded", details, List.of()));
    }
    TreeSet<Long> read = new TreeSet<>(finalRead);
    TreeSet<Long> lost = new TreeSet<>(acknowledged);
    lost.removeAll(read);
    TreeSet<Long> unexpected = new TreeSet<>(read);
    unexpected.removeAll(attempted);
    details.put("read", read.size());
    details.put("recovered_indefinite", read.size() - countIn(read, acknowledged));
    details.put("lost", new ArrayList<>(lost));
    details.put("unexpected", new ArrayList<>(unexpected));
    details.put("duplicates", finalRead.size() - read.size());
    boolean ok = lost.isEmpty() && unexpected.isEmpty() && finalRead.size() == read.size();
    List<Op> counterexample = new ArrayList<>();
    if (!ok) {
      for (Op op : history) {
        if (!op.isNemesis()
            && op.f().equals("add")
            && op.type() == Op.Type.OK
            && lost.contains(((Number) op.value()).longValue())
            && counterexample.size() < 50) {
          counterexample.add(op);
        }
      }
      counterexample.add(finalOp);
    }
    String summary =
        ok
            ? "all " + acknowledged.size() + " acknowledged adds present"
            : lost.size() + " acknowledged adds lost, " + unexpected.size() + " unexpected";
    return List.of(
        new CheckReport(
            "set", ok ? Validity.VALID : Validity.INVALID, summary, details, counterexample));
  }

  private static long countIn(TreeSet<Long> read, TreeSet<Long> acknowledged) {
    return read.stream().filter(acknowledged::contains).count();
  }
}
