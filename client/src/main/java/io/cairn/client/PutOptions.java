package io.cairn.client;

/** How a put answers and what it attaches. Immutable; build with {@link #builder()}. */
public final class PutOptions {
  /** Answer without the previous key-value; no lease. */
  public static final PutOptions DEFAULT = builder().build();

  private final boolean prevKv;
  private final long lease;

  private PutOptions(Builder b) {
    this.prevKv = b.prevKv;
    this.lease = b.lease;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean prevKv() {
    return prevKv;
  }

  /** The lease the key is attached to; 0 means none. */
  public long lease() {
    return lease;
  }

  /** Builds {@link PutOptions}. */
  public static final class Builder {
    private boolean prevKv;
    private long lease;

    private Builder() {}

    /** Return the key-value the put replaces, if any. */
    public Builder prevKv(boolean prevKv) {
      this.prevKv = prevKv;
      return this;
    }

    /**
     * Attach the key to this lease (0, the default, means none): the key is deleted when the lease
     * expires or is revoked. A missing lease fails with {@link CairnLeaseNotFoundException}.
     */
    public Builder lease(long lease) {
      this.lease = lease;
      return this;
    }

    public PutOptions build() {
      return new PutOptions(this);
    }
  }
}
