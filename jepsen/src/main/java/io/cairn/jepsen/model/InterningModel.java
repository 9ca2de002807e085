package io.cairn.jepsen.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Base for models written over ordinary Java state objects. Each instance numbers the states it
 * meets and caches every (state, op) transition, so the search steps by array lookup and compares
 * states as longs, whatever the state type.
 *
 * @param <S> the state type; must implement equals/hashCode (null is allowed)
 */
public abstract class InterningModel<S> implements Model {

  /** The initial state. */
  protected abstract S initial();

  /**
   * Validates {@code op} up front so a malformed history fails before the search starts.
   *
   * @throws IllegalArgumentException if the op is not part of this model
   */
  protected abstract void validate(Operation op);

  /** Applies {@code op}; returns {@code illegal()} when the op cannot happen in {@code state}. */
  protected abstract Object apply(S state, Operation op);

  /** Human-readable state. */
  protected String describeState(S state) {
    return String.valueOf(state);
  }

  private static final Object ILLEGAL_MARK = new Object();

  /** The result of {@link #apply} for an illegal step. */
  protected static Object illegal() {
    return ILLEGAL_MARK;
  }

  @Override
  public Instance prepare(List<Operation> ops) {
    for (Operation op : ops) {
      validate(op);
    }
    return new Interned(ops);
  }

  private final class Interned implements Instance {
    private final List<Operation> ops;
    private final List<S> states = new ArrayList<>();
    private final Map<S, Integer> ids = new HashMap<>();
    // (state, op) -> next state + 1, or -1 when illegal; open addressing, 0 = empty slot
    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private int size;

    Interned(List<Operation> ops) {
      this.ops = ops;
      intern(initial());
    }

    private int intern(S s) {
      Integer id = ids.get(s);
      if (id == null) {
        id = states.size();
        states.add(s);
        ids.put(s, id);
      }
      return id;
    }

    @Override
    public long init() {
      return 0;
    }

    private static int slot(long key, int mask) {
      long x = key * 0x9E3779B97F4A7C15L;
      return (int) (x ^ (x >>> 32)) & mask;
    }

    @Override
    @SuppressWarnings("unchecked")
    public long step(long state, int op) {
      long key = state * ops.size() + op + 1; // never 0
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (keys[i] != 0) {
        if (keys[i] == key) {
          int t = values[i];
          return t < 0 ? ILLEGAL : t - 1;
        }
        i = (i + 1) & mask;
      }
      Object next = apply(states.get((int) state), ops.get(op));
      int t = next == ILLEGAL_MARK ? -1 : intern((S) next) + 1;
      keys[i] = key;
      values[i] = t;
      if (++size * 2 > keys.length) {
        grow();
      }
      return t < 0 ? ILLEGAL : t - 1;
    }

    private void grow() {
      long[] ok = keys;
      int[] ov = values;
      keys = new long[ok.length * 2];
      values = new int[ok.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < ok.length; j++) {
        if (ok[j] != 0) {
          int i = slot(ok[j], mask);
          while (keys[i] != 0) {
            i = (i + 1) & mask;
          }
          keys[i] = ok[j];
          values[i] = ov[j];
        }
      }
    }

    @Override
    public String describe(long state) {
      return describeState(states.get((int) state));
    }
  }
}
