package io.cairn.jepsen.model;

/** A lock: {@code acquire} needs it free, {@code release} needs it held. Starts free. */
public final class MutexModel extends InterningModel<Boolean> {

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  protected Boolean initial() {
    return Boolean.FALSE;
  }

  @Override
  protected void validate(Operation op) {
    if (!op.f().equals("acquire") && !op.f().equals("release")) {
      throw new IllegalArgumentException(
          "op " + op.invoke().index() + ": model mutex has no operation " + op.f());
    }
  }

  @Override
  protected Object apply(Boolean held, Operation op) {
    boolean acquire = op.f().equals("acquire");
    return acquire == held ? illegal() : Boolean.valueOf(acquire);
  }

  @Override
  protected String describeState(Boolean held) {
    return held ? "held" : "free";
  }
}
