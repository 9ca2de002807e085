package io.cairn.jepsen.model;

import java.util.List;
import java.util.Objects;

/**
 * A single register (one per key when partitioned): read, write, delete and optionally cas.
 *
 * <p>Cairn semantics by default: the register starts absent and a read of null means "absent", a
 * definite value. A failed cas (compare failed) observed a value different from its expected one.
 * The Knossos flavour starts at a given value and treats a null read as "value unknown".
 */
public final class RegisterModel extends InterningModel<Object> {
  private final String name;
  private final boolean cas;
  private final Object initial;
  private final boolean nilReadIsWildcard;

  public RegisterModel(String name, boolean cas, Object initial, boolean nilReadIsWildcard) {
    this.name = name;
    this.cas = cas;
    this.initial = Values.norm(initial);
    this.nilReadIsWildcard = nilReadIsWildcard;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  protected Object initial() {
    return initial;
  }

  @Override
  protected void validate(Operation op) {
    switch (op.f()) {
      case "read", "write", "delete" -> {}
      case "cas" -> {
        if (!cas) {
          throw new IllegalArgumentException(
              "op " + op.invoke().index() + ": model " + name + " has no cas (use cas-register)");
        }
        Values.pair(op);
      }
      default ->
          throw new IllegalArgumentException(
              "op " + op.invoke().index() + ": model " + name + " has no operation " + op.f());
    }
  }

  @Override
  protected Object apply(Object state, Operation op) {
    Object v = Values.norm(op.value());
    switch (op.f()) {
      case "read":
        if (op.indefinite() || (v == null && nilReadIsWildcard) || Objects.equals(state, v)) {
          return state;
        }
        return illegal();
      case "write":
        return v;
      case "delete":
        return null;
      default: // cas
        List<?> p = (List<?>) v;
        boolean matches = Objects.equals(state, p.get(0));
        if (op.outcome() == Operation.Outcome.FAILED) {
          return matches ? illegal() : state;
        }
        return matches ? p.get(1) : illegal();
    }
  }

  @Override
  protected String describeState(Object state) {
    return state == null ? "absent" : Values.show(state);
  }
}
