package io.cairn.jepsen.model;

import java.util.ArrayList;
import java.util.List;

/** Value normalisation shared by the models: every integral number becomes a Long. */
final class Values {
  private Values() {}

  static Object norm(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(norm(o));
      }
      return out;
    }
    return v;
  }

  /** The two elements of a cas value {@code [expected, new]}. */
  static List<?> pair(Operation op) {
    if (op.value() instanceof List<?> l && l.size() == 2) {
      return l;
    }
    throw new IllegalArgumentException(
        "op " + op.invoke().index() + ": cas value must be [expected, new], got " + op.value());
  }

  static String show(Object v) {
    return v instanceof String s ? '"' + s + '"' : String.valueOf(v);
  }
}
