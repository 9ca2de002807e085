package io.cairn.jepsen.workload;

import io.cairn.client.Bytes;
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
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keys under {@code append/} hold lists of unique numbers. An append reads the list and its
 * mod_revision, then commits {@code Txn(mod_revision(k) = read one → put list + [x])}; a failed
 * compare is a {@code fail}. Reads return the list. After the final heal every key is read once
 * more. {@link AppendChecker} looks for lost, reordered and duplicated elements.
 */
public final class AppendWorkload implements Workload {
  static final String PREFIX = "append/";
  private final int keys;
  private final AtomicLong elements = new AtomicLong();

  public AppendWorkload(int keys) {
    this.keys = keys;
  }

  @Override
  public String name() {
    return "append";
  }

  @Override
  public Request next(Random random, int worker) {
    String key = "k" + random.nextInt(keys);
    return random.nextBoolean()
        ? new Request("append", key, elements.incrementAndGet())
        : new Request("read", key, null);
  }

  @Override
  public Outcome apply(ClusterClients clients, int worker, Request r) {
    Bytes key = Bytes.utf8(PREFIX + r.key());
    if (r.f().equals("read")) {
      GetResult g =
          clients
              .reader(worker)
              .blocking()
              .get(key, GetOptions.builder().consistency(clients.consistency()).build());
      return Outcome.ok(decode(g.first()), g.header().memberId(), g.header().revision());
    }
    long x = Calls.asLong(r.value());
    Optional<KeyValue> before;
    try {
      before =
          clients
              .writer()
              .blocking()
              .get(key, GetOptions.builder().consistency(ReadConsistency.LINEARIZABLE).build())
              .first();
    } catch (CairnException e) {
      // nothing was written yet: a definite failure whatever went wrong with the read
      return Outcome.fail(x, "pre-read: " + e.reason(), null, null);
    }
    long mod = before.map(KeyValue::modRevision).orElse(0L);
    List<Long> list = new ArrayList<>(decode(before));
    list.add(x);
    TxnResult res =
        clients
            .writer()
            .blocking()
            .txn(
                t ->
                    t.when(Cmp.modRevision(key).equal(mod))
                        .then(io.cairn.client.Op.put(key, Bytes.utf8(encode(list)))));
    String node = res.header().memberId();
    if (!res.succeeded()) {
      return Outcome.fail(x, "compare-failed", node, res.header().revision());
    }
    return Outcome.ok(x, node, res.header().revision());
  }

  @Override
  public List<Request> finalRequests() {
    List<Request> reads = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      reads.add(new Request("read", "k" + i, null));
    }
    return reads;
  }

  @Override
  public List<CheckReport> check(List<Op> history, Duration timeout) {
    return List.of(AppendChecker.check(history));
  }

  static String encode(List<Long> list) {
    StringBuilder b = new StringBuilder();
    for (Long x : list) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(x);
    }
    return b.toString();
  }

  static List<Long> decode(Optional<KeyValue> kv) {
    List<Long> list = new ArrayList<>();
    String s = kv.map(v -> v.value().toUtf8()).orElse("");
    for (String part : s.split(" ")) {
      if (!part.isEmpty()) {
        list.add(Long.parseLong(part));
      }
    }
    return list;
  }
}
