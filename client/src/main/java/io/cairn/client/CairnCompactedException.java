package io.cairn.client;

import java.util.Map;

/**
 * The revision asked for (a read at a revision, a watch's start, or a compaction) is at or below
 * the compacted revision: its history is gone (reason {@code COMPACTED}). Nothing was applied.
 */
public class CairnCompactedException extends CairnRejectedException {
  private static final long serialVersionUID = 1L;

  private final long compactRevision;

  public CairnCompactedException(
      String message, long compactRevision, Map<String, String> metadata, Throwable cause) {
    super("COMPACTED", message, metadata, cause);
    this.compactRevision = compactRevision;
  }

  /** The compacted revision: history strictly above it is complete; 0 when the server gave none. */
  public long compactRevision() {
    return compactRevision;
  }
}
