package io.cairn.client;

import java.util.Objects;
import java.util.Optional;

/** Which keys a delete removes and what it answers. Immutable; build with {@link #builder()}. */
public final class DeleteOptions {
  /** Delete the single key, answering only the count. */
  public static final DeleteOptions DEFAULT = builder().build();

  private final boolean prefix;
  private final Bytes rangeEnd;
  private final boolean prevKvs;

  private DeleteOptions(Builder b) {
    this.prefix = b.prefix;
    this.rangeEnd = b.rangeEnd;
    this.prevKvs = b.prevKvs;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean prefix() {
    return prefix;
  }

  public Optional<Bytes> rangeEnd() {
    return Optional.ofNullable(rangeEnd);
  }

  public boolean prevKvs() {
    return prevKvs;
  }

  Bytes rangeEndFor(Bytes key) {
    if (prefix) {
      return Bytes.prefixEnd(key);
    }
    return rangeEnd == null ? Bytes.EMPTY : rangeEnd;
  }

  /** Builds {@link DeleteOptions}. */
  public static final class Builder {
    private boolean prefix;
    private Bytes rangeEnd;
    private boolean prevKvs;

    private Builder() {}

    /** Delete every key that starts with the given key. Excludes {@link #rangeEnd(Bytes)}. */
    public Builder prefix(boolean prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Delete the keys in [key, rangeEnd); a single zero byte means "every key from key on". */
    public Builder rangeEnd(Bytes rangeEnd) {
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd");
      return this;
    }

    /** Return the deleted key-values. */
    public Builder prevKvs(boolean prevKvs) {
      this.prevKvs = prevKvs;
      return this;
    }

    /**
     * @throws IllegalStateException if both a prefix and a range end were set
     */
    public DeleteOptions build() {
      if (prefix && rangeEnd != null) {
        throw new IllegalStateException("set either prefix or rangeEnd, not both");
      }
      return new DeleteOptions(this);
    }
  }
}
