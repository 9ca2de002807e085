package io.cairn.jepsen.checker;

import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.model.Model;
import io.cairn.jepsen.model.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks a history for linearizability against a model. Keys are independent (when the model says
 * so) and are searched in parallel on a small pool; the first key found not linearizable cancels
 * the others. Running out of time or memory gives UNKNOWN, never LINEARIZABLE.
 */
public final class LinearizabilityChecker {
  private LinearizabilityChecker() {}

  /** Limits of one check. */
  public record Options(Duration timeout, int threads, long memoryBudgetBytes) {
    public static Options defaults(Duration timeout) {
      return new Options(
          timeout,
          Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())),
          Runtime.getRuntime().maxMemory() / 3);
    }
  }

  /** A result plus, for a violation, the explanation behind its counterexample. */
  public record Analysis(CheckResult result, Explanation explanation) {}

  /**
   * Checks {@code history} against {@code model} within {@code timeout}.
   *
   * @throws IllegalArgumentException if the history is malformed or does not fit the model
   */
  public static CheckResult check(List<Op> history, Model model, Duration timeout) {
    return analyze(history, model, Options.defaults(timeout)).result();
  }

  /** Like {@link #check}, with explicit limits and the explanation of a violation. */
  public static Analysis analyze(List<Op> history, Model model, Options options) {
    long start = System.nanoTime();
    long deadline = start + options.timeout().toNanos();
    Map<String, List<Operation>> parts = Pairing.partition(history, model);
    List<String> keys = new ArrayList<>(parts.keySet());
    keys.sort(Comparator.comparingInt((String k) -> -parts.get(k).size()));
    int threads = Math.max(1, Math.min(options.threads(), keys.size()));
    long budget = options.memoryBudgetBytes() / threads;
    AtomicBoolean stop = new AtomicBoolean();
    Map<String, KeyOutcome> outcomes = new LinkedHashMap<>();
    if (threads == 1) {
      for (String k : keys) {
        KeyOutcome o = checkKey(k, parts.get(k), model, deadline, budget, stop);
        outcomes.put(k, o);
        if (o.result == WglSearch.Result.NOT_LINEARIZABLE) {
          break;
        }
      }
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
      try {
        Map<String, Future<KeyOutcome>> futures = new LinkedHashMap<>();
        for (String k : keys) {
          futures.put(
              k, pool.submit(() -> checkKey(k, parts.get(k), model, deadline, budget, stop)));
        }
        for (Map.Entry<String, Future<KeyOutcome>> e : futures.entrySet()) {
          outcomes.put(e.getKey(), e.getValue().get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        stop.set(true);
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    return summarize(keys, parts, outcomes, Duration.ofNanos(System.nanoTime() - start));
  }

  private record KeyOutcome(WglSearch.Result result, WglSearch search, List<Operation> ops) {}

  private static KeyOutcome checkKey(
      String key,
      List<Operation> ops,
      Model model,
      long deadline,
      long budget,
      AtomicBoolean stop) {
    if (stop.get()) {
      return new KeyOutcome(WglSearch.Result.CANCELLED, null, ops);
    }
    if (System.nanoTime() - deadline > 0) {
      return new KeyOutcome(WglSearch.Result.TIMEOUT, null, ops);
    }
    WglSearch search = new WglSearch(ops, model.prepare(ops), budget);
    WglSearch.Result r = search.run(deadline, stop::get);
    if (r == WglSearch.Result.NOT_LINEARIZABLE) {
      stop.set(true);
    }
    return new KeyOutcome(r, search, ops);
  }

  private static Analysis summarize(
      List<String> keys,
      Map<String, List<Operation>> parts,
      Map<String, KeyOutcome> outcomes,
      Duration elapsed) {
    Map<String, Verdict> perKey = new LinkedHashMap<>();
    String bad = null;
    String unknownReason = null;
    long opsChecked = 0;
    for (String k : keys) {
      KeyOutcome o = outcomes.get(k);
      WglSearch.Result r = o == null ? WglSearch.Result.CANCELLED : o.result;
      opsChecked += parts.get(k).size();
      perKey.put(k, verdictOf(r));
      if (r == WglSearch.Result.NOT_LINEARIZABLE && bad == null) {
        bad = k;
      } else if ((r == WglSearch.Result.TIMEOUT || r == WglSearch.Result.MEMORY)
          && unknownReason == null) {
        unknownReason =
            (r == WglSearch.Result.TIMEOUT ? "time limit" : "memory limit")
                + " reached"
                + (k.isEmpty() ? "" : " on key " + k);
      }
    }
    if (bad != null) {
      KeyOutcome o = outcomes.get(bad);
      Explanation ex = explain(bad, o.ops, o.search);
      String reason =
          (bad.isEmpty() ? "" : "key " + bad + ": ")
              + "op "
              + ex.stuck().invoke().index()
              + " ("
              + Explanation.abbreviate(ex.stuck().describe())
              + ") cannot be linearized";
      CheckResult res =
          new CheckResult(
              Verdict.NOT_LINEARIZABLE, reason, events(ex.window()), perKey, opsChecked, elapsed);
      return new Analysis(res, ex);
    }
    if (unknownReason != null || perKey.containsValue(Verdict.UNKNOWN)) {
      String reason = unknownReason != null ? unknownReason : "check cancelled";
      return new Analysis(
          new CheckResult(Verdict.UNKNOWN, reason, List.of(), perKey, opsChecked, elapsed), null);
    }
    return new Analysis(
        new CheckResult(Verdict.LINEARIZABLE, null, List.of(), perKey, opsChecked, elapsed), null);
  }

  private static Verdict verdictOf(WglSearch.Result r) {
    return switch (r) {
      case LINEARIZABLE -> Verdict.LINEARIZABLE;
      case NOT_LINEARIZABLE -> Verdict.NOT_LINEARIZABLE;
      default -> Verdict.UNKNOWN;
    };
  }

  /**
   * The window: the ops still pending when the longest partial linearization got stuck and invoked
   * no later than the stuck op's return, plus the linearized ops that overlap them (they fixed the
   * state the pending ops had to fit).
   */
  static Explanation explain(String key, List<Operation> ops, WglSearch s) {
    Operation stuck = ops.get(s.stuckOp);
    long stuckReturn = stuck.completion().time();
    Set<Integer> placed = new HashSet<>();
    for (int op : s.bestOrder) {
      placed.add(op);
    }
    long windowStart = Long.MAX_VALUE;
    for (Operation op : ops) {
      if (!placed.contains(op.id()) && !op.indefinite() && op.invoke().time() <= stuckReturn) {
        windowStart = Math.min(windowStart, op.invoke().time());
      }
    }
    List<Operation> window = new ArrayList<>();
    int older = 0;
    for (Operation op : ops) {
      if (op.invoke().time() > stuckReturn || placed.contains(op.id())) {
        continue;
      }
      if (op.indefinite() && op.invoke().time() < windowStart) {
        older++;
      } else {
        window.add(op);
      }
    }
    // The placed ops overlapping the window, plus the last one placed before it (context).
    int first = s.bestOrder.length;
    while (first > 0) {
      Operation op = ops.get(s.bestOrder[--first]);
      if (!op.indefinite() && op.completion().time() < windowStart) {
        break;
      }
    }
    Model.Instance m = s.model();
    List<Operation> lin = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (int i = first; i < s.bestOrder.length; i++) {
      lin.add(ops.get(s.bestOrder[i]));
      after.add(m.describe(s.bestStates[i]));
    }
    window.addAll(lin);
    window.sort(Comparator.comparingInt(op -> op.invoke().index()));
    String before = first == 0 ? m.describe(m.init()) : m.describe(s.bestStates[first - 1]);
    return new Explanation(key, window, stuck, lin, after, before, m.describe(s.stuckState), older);
  }

  private static List<Op> events(List<Operation> window) {
    List<Op> out = new ArrayList<>();
    for (Operation op : window) {
      out.add(op.invoke());
      if (op.completion() != null) {
        out.add(op.completion());
      }
    }
    out.sort(Comparator.comparingInt(Op::index));
    return out;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "cairn-check-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
