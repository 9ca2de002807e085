package io.cairn.jepsen.model;

/**
 * A string register per key (porcupine's kv model): {@code get} must return the current string,
 * {@code put} replaces it, {@code append} concatenates. A key never written reads as "". {@code
 * read}/{@code write} are accepted as aliases of get/put.
 */
public final class KvModel extends InterningModel<String> {

  @Override
  public String name() {
    return "kv";
  }

  @Override
  protected String initial() {
    return "";
  }

  @Override
  protected void validate(Operation op) {
    switch (op.f()) {
      case "get", "read", "put", "write", "append" -> {}
      default ->
          throw new IllegalArgumentException(
              "op " + op.invoke().index() + ": model kv has no operation " + op.f());
    }
  }

  @Override
  protected Object apply(String state, Operation op) {
    String v = op.value() == null ? "" : String.valueOf(op.value());
    return switch (op.f()) {
      case "get", "read" -> op.indefinite() || state.equals(v) ? state : illegal();
      case "put", "write" -> v;
      default -> state + v;
    };
  }

  @Override
  protected String describeState(String state) {
    return Values.show(state);
  }
}
