package io.cairn.jepsen.workload;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.Cmp;
import io.cairn.client.GetOptions;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.ReadConsistency;
import io.cairn.client.TxnResult;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.history.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Accounts under {@code bank/}; transfers read both balances and move money in one transaction that
 * compares both values first. Every read of all accounts (one range read, hence one revision) must
 * see every account, no negative balance, and the constant total.
 */
public final class BankWorkload implements Workload {
  static final String PREFIX = "bank/";
  private final int accounts;
  private final long initial;

  public BankWorkload(int accounts, long initial) {
    this.accounts = accounts;
    this.initial = initial;
  }

  @Override
  public String name() {
    return "bank";
  }

  long total() {
    return accounts * initial;
  }

  private static Bytes account(int i) {
    return Bytes.utf8(PREFIX + "a" + i);
  }

  @Override
  public void setUp(CairnClient client) {
    List<io.cairn.client.Op> puts = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      puts.add(io.cairn.client.Op.put(account(i), Bytes.utf8(Long.toString(initial))));
    }
    client.blocking().txn(t -> t.then(puts));
  }

  @Override
  public Request next(Random random, int worker) {
    if (random.nextBoolean()) {
      return new Request("read", null, null);
    }
    int from = random.nextInt(accounts);
    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("from", "a" + from);
    t.put("to", "a" + to);
    t.put("amount", 1 + random.nextInt(5));
    return new Request("transfer", null, t);
  }

  @Override
  public Outcome apply(ClusterClients clients, int worker, Request r) {
    if (r.f().equals("read")) {
      GetResult g =
          clients
              .reader(worker)
              .blocking()
              .get(
                  Bytes.utf8(PREFIX),
                  GetOptions.builder().prefix(true).consistency(clients.consistency()).build());
      return Outcome.ok(balances(g), g.header().memberId(), g.header().revision());
    }
    Map<?, ?> t = (Map<?, ?>) r.value();
    Bytes from = Bytes.utf8(PREFIX + t.get("from"));
    Bytes to = Bytes.utf8(PREFIX + t.get("to"));
    long amount = ((Number) t.get("amount")).longValue();
    Map<String, Long> before;
    try {
      before =
          balances(
              clients
                  .writer()
                  .blocking()
                  .get(
                      Bytes.utf8(PREFIX),
                      GetOptions.builder()
                          .prefix(true)
                          .consistency(ReadConsistency.LINEARIZABLE)
                          .build()));
    } catch (CairnException e) {
      // nothing was written yet: a definite failure whatever went wrong with the read
      return Outcome.fail(r.value(), "pre-read: " + e.reason(), null, null);
    }
    Long vf = before.get(t.get("from").toString());
    Long vt = before.get(t.get("to").toString());
    if (vf == null || vt == null || vf < amount) {
      return Outcome.fail(r.value(), "insufficient", null, null);
    }
    TxnResult res =
        clients
            .writer()
            .blocking()
            .txn(
                x ->
                    x.when(
                            Cmp.value(from).equal(Bytes.utf8(Long.toString(vf))),
                            Cmp.value(to).equal(Bytes.utf8(Long.toString(vt))))
                        .then(
                            io.cairn.client.Op.put(from, Bytes.utf8(Long.toString(vf - amount))),
                            io.cairn.client.Op.put(to, Bytes.utf8(Long.toString(vt + amount)))));
    String node = res.header().memberId();
    if (!res.succeeded()) {
      return Outcome.fail(r.value(), "compare-failed", node, res.header().revision());
    }
    return Outcome.ok(r.value(), node, res.header().revision());
  }

  private static Map<String, Long> balances(GetResult g) {
    Map<String, Long> m = new TreeMap<>();
    for (KeyValue kv : g.kvs()) {
      m.put(kv.key().toUtf8().substring(PREFIX.length()), Long.parseLong(kv.value().toUtf8()));
    }
    return m;
  }

  @Override
  public List<Request> finalRequests() {
    return List.of(new Request("read", null, null));
  }

  @Override
  public List<CheckReport> check(List<Op> history, Duration timeout) {
    int reads = 0;
    List<Op> bad = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Op op : history) {
      if (op.isNemesis() || !op.f().equals("read") || op.type() != Op.Type.OK) {
        continue;
      }
      reads++;
      Map<?, ?> b = (Map<?, ?>) op.value();
      long sum = 0;
      boolean negative = false;
      for (Object v : b.values()) {
        long x = ((Number) v).longValue();
        sum += x;
        negative |= x < 0;
      }
      if (b.size() != accounts || sum != total() || negative) {
        if (bad.size() < 50) {
          bad.add(op);
          problems.add(
              "op "
                  + op.index()
                  + ": "
                  + b.size()
                  + " accounts, total "
                  + sum
                  + (negative ? ", negative balance" : ""));
        }
      }
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("accounts", accounts);
    details.put("total", total());
    details.put("reads", reads);
    details.put("bad_reads", problems);
    Validity v = reads == 0 ? Validity.UNKNOWN : bad.isEmpty() ? Validity.VALID : Validity.INVALID;
    String summary =
        switch (v) {
          case VALID -> "all " + reads + " reads sum to " + total();
          case INVALID -> bad.size() + " reads break the total or the accounts";
          case UNKNOWN -> "unknown: no read succeeded";
        };
    return List.of(new CheckReport("bank", v, summary, details, bad));
  }
}
