package io.cairn.jepsen.checker;

import io.cairn.jepsen.model.Model;
import io.cairn.jepsen.model.Operation;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Wing-Gong-Lowe search over one partition (porcupine style): walk a linked list of call and return
 * events, try to linearize each call that precedes the first pending return, memoize (linearized
 * set, state) so no configuration is explored twice, backtrack at a return whose op is not yet
 * linearized.
 *
 * <p>Indefinite operations have no return event (their return is at infinity): when the cursor runs
 * off the end of the list, every definite operation is linearized and the remaining indefinite ones
 * are taken never to have happened. That is what keeps valid histories with crashed operations
 * valid.
 */
final class WglSearch {
  enum Result {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    TIMEOUT,
    CANCELLED,
    MEMORY
  }

  private static final int HEAD = 0;

  private final List<Operation> ops;
  private final Model.Instance model;
  private final int n;
  private final int tail;
  private final int[] next;
  private final int[] prev;
  private final long[] zobrist;
  private final long[] bits;
  private final int[] stackOp;
  private final long[] stackState;
  private final Memo memo;

  long steps;
  // The longest partial linearization seen when the search got stuck, for counterexamples.
  int[] bestOrder = new int[0];
  long[] bestStates = new long[0];
  int stuckOp = -1;
  long stuckState;

  WglSearch(List<Operation> ops, Model.Instance model, long memoryBudgetBytes) {
    this.ops = ops;
    this.model = model;
    this.n = ops.size();
    this.tail = 2 * n + 1;
    this.next = new int[2 * n + 2];
    this.prev = new int[2 * n + 2];
    this.zobrist = new long[n];
    this.bits = new long[(n + 63) / 64];
    this.stackOp = new int[n];
    this.stackState = new long[n];
    this.memo = new Memo(bits.length, memoryBudgetBytes);
    SplittableRandom rnd = new SplittableRandom(0x5eedL);
    for (int i = 0; i < n; i++) {
      zobrist[i] = rnd.nextLong();
    }
    link();
  }

  private static int call(int op) {
    return 2 * op + 1;
  }

  private static int ret(int op) {
    return 2 * op + 2;
  }

  // Events sorted by time; at equal times calls come first (closed intervals overlap).
  private void link() {
    int m = 0;
    int[] nodes = new int[2 * n];
    long[] times = new long[2 * n];
    for (int i = 0; i < n; i++) {
      Operation op = ops.get(i);
      nodes[m] = call(i);
      times[m++] = op.invoke().time();
      if (!op.indefinite()) {
        nodes[m] = ret(i);
        times[m++] = op.completion().time();
      }
    }
    Integer[] idx = new Integer[m];
    for (int i = 0; i < m; i++) {
      idx[i] = i;
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          int c = Long.compare(times[a], times[b]);
          if (c != 0) {
            return c;
          }
          boolean ca = (nodes[a] & 1) == 1;
          boolean cb = (nodes[b] & 1) == 1;
          return ca == cb ? Integer.compare(nodes[a], nodes[b]) : ca ? -1 : 1;
        });
    int last = HEAD;
    for (int k = 0; k < m; k++) {
      int node = nodes[idx[k]];
      next[last] = node;
      prev[node] = last;
      last = node;
    }
    next[last] = tail;
    prev[tail] = last;
  }

  private boolean isCall(int node) {
    return (node & 1) == 1;
  }

  private boolean hasRet(int op) {
    return !ops.get(op).indefinite();
  }

  private void lift(int op) {
    int c = call(op);
    next[prev[c]] = next[c];
    prev[next[c]] = prev[c];
    if (hasRet(op)) {
      int r = ret(op);
      next[prev[r]] = next[r];
      prev[next[r]] = prev[r];
    }
  }

  private void unlift(int op) {
    if (hasRet(op)) {
      int r = ret(op);
      next[prev[r]] = r;
      prev[next[r]] = r;
    }
    int c = call(op);
    next[prev[c]] = c;
    prev[next[c]] = c;
  }

  Model.Instance model() {
    return model;
  }

  /** Runs the search; {@code stop} is polled now and then and returns true to abandon it. */
  Result run(long deadlineNanos, BooleanSupplier cancelled) {
    long state = model.init();
    long hash = 0;
    int depth = 0;
    int bestDepth = -1;
    int entry = next[HEAD];
    while (entry != tail) {
      if ((++steps & 0x3ff) == 0) {
        if (cancelled.getAsBoolean()) {
          return Result.CANCELLED;
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          return Result.TIMEOUT;
        }
      }
      if (isCall(entry)) {
        int op = (entry - 1) >> 1;
        long s2 = model.step(state, op);
        if (s2 != Model.Instance.ILLEGAL) {
          bits[op >> 6] |= 1L << op;
          long h2 = hash ^ zobrist[op];
          int added = memo.add(bits, h2, s2);
          if (added > 0) {
            stackOp[depth] = op;
            stackState[depth++] = state;
            state = s2;
            hash = h2;
            lift(op);
            entry = next[HEAD];
            continue;
          }
          bits[op >> 6] &= ~(1L << op);
          if (added < 0) {
            return Result.MEMORY;
          }
        }
        entry = next[entry];
      } else {
        if (depth > bestDepth) {
          bestDepth = depth;
          bestOrder = Arrays.copyOf(stackOp, depth);
          bestStates = new long[depth];
          for (int i = 0; i < depth; i++) {
            bestStates[i] = i + 1 < depth ? stackState[i + 1] : state;
          }
          stuckOp = (entry - 2) >> 1;
          stuckState = state;
        }
        if (depth == 0) {
          return Result.NOT_LINEARIZABLE;
        }
        int op = stackOp[--depth];
        state = stackState[depth];
        bits[op >> 6] &= ~(1L << op);
        hash ^= zobrist[op];
        unlift(op);
        entry = next[call(op)];
      }
    }
    return Result.LINEARIZABLE;
  }

  /** Open-addressing set of (bitset, state) configurations with a memory budget. */
  static final class Memo {
    private final int words;
    private final long budget;
    private long[] hashes;
    private long[] states;
    private long[][] sets;
    private int size;

    Memo(int words, long budgetBytes) {
      this.words = words;
      this.budget = budgetBytes;
      int cap = 1024;
      hashes = new long[cap];
      states = new long[cap];
      sets = new long[cap][];
    }

    private static int slot(long h, long state, int mask) {
      long x = h ^ (state * 0x9E3779B97F4A7C15L);
      x ^= x >>> 33;
      x *= 0xff51afd7ed558ccdL;
      x ^= x >>> 33;
      return (int) x & mask;
    }

    /** 1 if added, 0 if already present, -1 if the memory budget is exhausted. */
    int add(long[] bits, long h, long state) {
      int mask = sets.length - 1;
      int i = slot(h, state, mask);
      while (sets[i] != null) {
        if (hashes[i] == h && states[i] == state && Arrays.equals(sets[i], bits)) {
          return 0;
        }
        i = (i + 1) & mask;
      }
      if ((size + 1L) * (words * 8L + 40) + sets.length * 24L > budget) {
        return -1;
      }
      hashes[i] = h;
      states[i] = state;
      sets[i] = bits.clone();
      if (++size * 2 > sets.length) {
        grow();
      }
      return 1;
    }

    private void grow() {
      long[] oh = hashes;
      long[] os = states;
      long[][] ob = sets;
      int cap = ob.length * 2;
      hashes = new long[cap];
      states = new long[cap];
      sets = new long[cap][];
      int mask = cap - 1;
      for (int j = 0; j < ob.length; j++) {
        if (ob[j] != null) {
          int i = slot(oh[j], os[j], mask);
          while (sets[i] != null) {
            i = (i + 1) & mask;
          }
          hashes[i] = oh[j];
          states[i] = os[j];
          sets[i] = ob[j];
        }
      }
    }
  }
}
