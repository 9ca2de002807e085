package io.cairn.client;

import java.util.Objects;
import java.util.Optional;

/** What a watch covers and delivers. Immutable; build with {@link #builder()}. */
public final class WatchOptions {
  /** The single key, new events only, no previous values, puts and deletes. */
  public static final WatchOptions DEFAULT = builder().build();

  private final boolean prefix;
  private final Bytes rangeEnd;
  private final long startRevision;
  private final boolean prevKv;
  private final boolean noPut;
  private final boolean noDelete;
  private final boolean progressNotify;

  private WatchOptions(Builder b) {
    this.prefix = b.prefix;
    this.rangeEnd = b.rangeEnd;
    this.startRevision = b.startRevision;
    this.prevKv = b.prevKv;
    this.noPut = b.noPut;
    this.noDelete = b.noDelete;
    this.progressNotify = b.progressNotify;
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

  /** The first revision delivered; 0 means only events after the watch is created. */
  public long startRevision() {
    return startRevision;
  }

  public boolean prevKv() {
    return prevKv;
  }

  public boolean noPut() {
    return noPut;
  }

  public boolean noDelete() {
    return noDelete;
  }

  public boolean progressNotify() {
    return progressNotify;
  }

  /** The wire range end for {@code key}: empty (single key), the prefix end, or the set end. */
  Bytes rangeEndFor(Bytes key) {
    if (prefix) {
      return Bytes.prefixEnd(key);
    }
    return rangeEnd == null ? Bytes.EMPTY : rangeEnd;
  }

  /** The same options, starting at {@code revision} (used to resume). */
  WatchOptions from(long revision) {
    Builder b = builder();
    b.prefix = prefix;
    b.rangeEnd = rangeEnd;
    b.startRevision = revision;
    b.prevKv = prevKv;
    b.noPut = noPut;
    b.noDelete = noDelete;
    b.progressNotify = progressNotify;
    return b.build();
  }

  /** Builds {@link WatchOptions}. */
  public static final class Builder {
    private boolean prefix;
    private Bytes rangeEnd;
    private long startRevision;
    private boolean prevKv;
    private boolean noPut;
    private boolean noDelete;
    private boolean progressNotify;

    private Builder() {}

    /** Watch every key that starts with the given key. Excludes {@link #rangeEnd(Bytes)}. */
    public Builder prefix(boolean prefix) {
      this.prefix = prefix;
      return this;
    }

    /** Watch the keys in [key, rangeEnd); a single zero byte means "every key from key on". */
    public Builder rangeEnd(Bytes rangeEnd) {
      this.rangeEnd = Objects.requireNonNull(rangeEnd, "rangeEnd");
      return this;
    }

    /**
     * Deliver history from this revision on (0, the default: only new events). A compacted start
     * ends the watch with {@link CairnCompactedException}.
     */
    public Builder startRevision(long startRevision) {
      if (startRevision < 0) {
        throw new IllegalArgumentException("startRevision must be >= 0: " + startRevision);
      }
      this.startRevision = startRevision;
      return this;
    }

    /** Include each event's previous key-value. */
    public Builder prevKv(boolean prevKv) {
      this.prevKv = prevKv;
      return this;
    }

    /** Do not deliver put events. */
    public Builder noPut(boolean noPut) {
      this.noPut = noPut;
      return this;
    }

    /** Do not deliver delete events. */
    public Builder noDelete(boolean noDelete) {
      this.noDelete = noDelete;
      return this;
    }

    /** Ask the member for progress notifications ({@link WatchListener#onProgress}) when idle. */
    public Builder progressNotify(boolean progressNotify) {
      this.progressNotify = progressNotify;
      return this;
    }

    /**
     * @throws IllegalStateException if both a prefix and a range end were set
     */
    public WatchOptions build() {
      if (prefix && rangeEnd != null) {
        throw new IllegalStateException("set either prefix or rangeEnd, not both");
      }
      return new WatchOptions(this);
    }
  }
}
