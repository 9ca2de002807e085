package io.cairn.jepsen.workload;

import io.cairn.client.Bytes;
import io.cairn.client.Cmp;
import io.cairn.client.GetOptions;
import io.cairn.client.GetResult;
import io.cairn.client.PutResult;
import io.cairn.client.TxnResult;
import io.cairn.jepsen.checker.CheckResult;
import io.cairn.jepsen.checker.LinearizabilityChecker;
import io.cairn.jepsen.checker.Verdict;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.model.Models;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read, write and cas on a few active keys at a time; a key is retired after a bounded number of
 * operations (so each per-key history stays small enough to check) and replaced by a fresh one.
 * Every written value is unique. Reads go to the worker's home node with the configured
 * consistency.
 */
public final class RegisterWorkload implements Workload {
  private final String[] keys;
  private final int[] issued;
  private final int opsPerKey;
  private int nextKey;
  private final AtomicLong values = new AtomicLong();
  private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

  public RegisterWorkload(int activeKeys, int opsPerKey) {
    this.keys = new String[activeKeys];
    this.issued = new int[activeKeys];
    this.opsPerKey = opsPerKey;
    for (int i = 0; i < activeKeys; i++) {
      keys[i] = "r" + nextKey++;
    }
  }

  @Override
  public String name() {
    return "register";
  }

  @Override
  public Request next(Random random, int worker) {
    String key;
    synchronized (this) {
      int slot = random.nextInt(keys.length);
      if (issued[slot] >= opsPerKey) {
        keys[slot] = "r" + nextKey++;
        issued[slot] = 0;
      }
      issued[slot]++;
      key = keys[slot];
    }
    int roll = random.nextInt(100);
    Long last = lastSeen.get(key);
    if (roll < 50) {
      return new Request("read", key, null);
    }
    long fresh = values.incrementAndGet();
    if (roll < 75 || last == null) {
      return new Request("write", key, fresh);
    }
    return new Request("cas", key, List.of(last, fresh));
  }

  @Override
  public Outcome apply(ClusterClients clients, int worker, Request r) {
    Bytes key = Bytes.utf8(r.key());
    switch (r.f()) {
      case "read" -> {
        GetResult g =
            clients
                .reader(worker)
                .blocking()
                .get(key, GetOptions.builder().consistency(clients.consistency()).build());
        Long value = g.first().map(kv -> Long.parseLong(kv.value().toUtf8())).orElse(null);
        if (value != null) {
          lastSeen.put(r.key(), value);
        }
        return Outcome.ok(value, g.header().memberId(), g.header().revision());
      }
      case "write" -> {
        long v = (Long) r.value();
        PutResult p = clients.writer().blocking().put(key, Bytes.utf8(Long.toString(v)));
        lastSeen.put(r.key(), v);
        return Outcome.ok(v, p.header().memberId(), p.header().revision());
      }
      case "cas" -> {
        List<?> v = (List<?>) r.value();
        Bytes expected = Bytes.utf8(v.get(0).toString());
        Bytes next = Bytes.utf8(v.get(1).toString());
        TxnResult t =
            clients
                .writer()
                .blocking()
                .txn(
                    x ->
                        x.when(Cmp.value(key).equal(expected))
                            .then(io.cairn.client.Op.put(key, next)));
        String node = t.header().memberId();
        if (!t.succeeded()) {
          return Outcome.fail(v, "compare-failed", node, t.header().revision());
        }
        lastSeen.put(r.key(), (Long) v.get(1));
        return Outcome.ok(v, node, t.header().revision());
      }
      default -> throw new IllegalArgumentException("register cannot " + r.f());
    }
  }

  @Override
  public List<CheckReport> check(List<Op> history, Duration timeout) {
    List<Op> ops = new ArrayList<>();
    for (Op op : history) {
      if (!op.isNemesis() && op.key() != null) {
        ops.add(op);
      }
    }
    CheckResult r = LinearizabilityChecker.check(ops, Models.byName("cas-register"), timeout);
    Validity valid =
        switch (r.verdict()) {
          case LINEARIZABLE -> Validity.VALID;
          case NOT_LINEARIZABLE -> Validity.INVALID;
          case UNKNOWN -> Validity.UNKNOWN;
        };
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("model", "cas-register");
    details.put("ops_checked", r.opsChecked());
    details.put("elapsed_ms", r.elapsed().toMillis());
    long keys = r.perKey() == null ? 0 : r.perKey().size();
    details.put("keys", keys);
    List<String> bad = new ArrayList<>();
    if (r.perKey() != null) {
      r.perKey()
          .forEach(
              (k, v) -> {
                if (v != Verdict.LINEARIZABLE) {
                  bad.add(k + "=" + v.name().toLowerCase(java.util.Locale.ROOT));
                }
              });
    }
    details.put("keys_not_linearizable_or_unknown", bad);
    if (r.reason() != null) {
      details.put("reason", r.reason());
    }
    String summary =
        switch (valid) {
          case VALID -> "linearizable (" + keys + " keys)";
          case INVALID -> "NOT linearizable: " + (r.reason() == null ? "" : r.reason());
          case UNKNOWN -> "unknown: " + r.reason();
        };
    List<Op> counterexample = r.counterexample() == null ? List.of() : r.counterexample();
    return List.of(new CheckReport("linearizable", valid, summary, details, counterexample));
  }
}
