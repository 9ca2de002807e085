package io.cairn.client;

/** How a put answers. Immutable; build with {@link #builder()}. */
public final class PutOptions {
  /** Answer without the previous key-value. */
  public static final PutOptions DEFAULT = builder().build();

  private final boolean prevKv;

  private PutOptions(boolean prevKv) {
    this.prevKv = prevKv;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean prevKv() {
    return prevKv;
  }

  /** Builds {@link PutOptions}. */
  public static final class Builder {
    private boolean prevKv;

    private Builder() {}

    /** Return the key-value the put replaces, if any. */
    public Builder prevKv(boolean prevKv) {
      this.prevKv = prevKv;
      return this;
    }

    public PutOptions build() {
      return new PutOptions(prevKv);
    }
  }
}
