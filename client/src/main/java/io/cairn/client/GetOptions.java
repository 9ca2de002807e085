package io.cairn.client;

import java.util.Objects;
import java.util.Optional;

/** How a get reads: which keys, how many, how fresh. Immutable; build with {@link #builder()}. */
public final class GetOptions {
  /** A linearizable read of the single key. */
  public static final GetOptions DEFAULT = builder().build();

  private final boolean prefix;
  private final Bytes rangeEnd;
  private final long limit;
  private final boolean keysOnly;
  private final boolean countOnly;
  private final ReadConsistency consistency;
  private final long minRevision;
  private final long revision;

  private GetOptions(Builder b) {
    this.prefix = b.prefix;
    this.rangeEnd = b.rangeEnd;
    this.limit = b.limit;
    this.keysOnly = b.keysOnly;
    this.countOnly = b.countOnly;
    this.consistency = b.consistency;
    this.minRevision = b.minRevision;
    this.revision = b.revision;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the key is a prefix: every key starting with it is read. */
  public boolean prefix() {
    return prefix;
  }

  /** The exclusive end of the range, if one was set. */
  public Optional<Bytes> rangeEnd() {
    return Optional.ofNullable(rangeEnd);
  }

  public long limit() {
    return limit;
  }

  public boolean keysOnly() {
    return keysOnly;
  }

  public boolean countOnly() {
    return countOnly;
  }

  public ReadConsistency consistency() {
    return consistency;
  }

  public long minRevision() {
    return minRevision;
  }

  /** The revision to read at; 0 (the default) means the latest. */
  public long revision() {
    return revision;
  }

  /** The wire range end for {@code key}: empty (single key), the prefix end, or the set end. */
  Bytes rangeEndFor(Bytes key) {
    if (prefix) {
      return Bytes.prefixEnd(key);
    }
    return rangeEnd == null ? Bytes.EMPTY : rangeEnd;
  }

  /** Builds {@link GetOptions}. */
  public static final class Builder {
    private boolean prefix;
    private Bytes rangeEnd;
    private long limit;
    private boolean keysOnly;
    private boolean countOnly;
    private ReadConsistency consistency = ReadConsistency.LINEARIZABLE;
    private long minRevision;
    private long revision;

    private Builder() {}

    /** Read every key that starts with the given key. Excludes {@link #rangeEnd(Bytes)}. */
    public Builder prefix(boolean prefix) {
      this.prefix = prefix;
      return this;
    }

    /**
     * Read the keys in [key, rangeEnd); a single zero byte means "every key from key on". Excludes
     * {@link #prefix(boolean)}.
     */
    public Builder rangeEnd(Bytes rangeEnd) {
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd");
      return this;
    }

    /** At most this many keys; 0 (the default) means no limit. */
    public Builder limit(long limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be >= 0: " + limit);
      }
      this.limit = limit;
      return this;
    }

    /** Return keys without their values. */
    public Builder keysOnly(boolean keysOnly) {
      this.keysOnly = keysOnly;
      return this;
    }

    /** Return only the number of keys in the range. */
    public Builder countOnly(boolean countOnly) {
      this.countOnly = countOnly;
      return this;
    }

    public Builder consistency(ReadConsistency consistency) {
      this.consistency = Objects.requireNonNull(consistency, "consistency");
      return this;
    }

    /**
     * With {@link ReadConsistency#SERIALIZABLE}: a member that has not reached this revision
     * refuses the read (it is then retried elsewhere) instead of answering with older data.
     */
    public Builder minRevision(long minRevision) {
      if (minRevision < 0) {
        throw new IllegalArgumentException("minRevision must be >= 0: " + minRevision);
      }
      this.minRevision = minRevision;
      return this;
    }

    /**
     * Read the keys as they were right after {@code revision} (0, the default, reads the latest). A
     * compacted revision fails with {@link CairnCompactedException}, a future one with {@link
     * CairnRejectedException} reason {@code FUTURE_REVISION}.
     */
    public Builder revision(long revision) {
      if (revision < 0) {
        throw new IllegalArgumentException("revision must be >= 0: " + revision);
      }
      this.revision = revision;
      return this;
    }

    /**
     * @throws IllegalStateException if both a prefix and a range end were set
     */
    public GetOptions build() {
      if (prefix && rangeEnd != null) {
        throw new IllegalStateException("set either prefix or rangeEnd, not both");
      }
      return new GetOptions(this);
    }
  }
}
