package io.cairn.server.health;

import java.util.Optional;

/**
 * Whether a node should get traffic, and why not.
 *
 * @param ready leader known and applied index caught up with the commit index
 * @param reason one line for operators: what is missing, or "ok"
 */
public record Readiness(boolean ready, String reason) {
  /**
   * Applied entries may trail committed ones by this much and the node still counts as caught up:
   * under load apply always trails commit by a few entries, and readiness must not flap.
   */
  public static final long MAX_APPLY_LAG = 1000;

  public static Readiness of(Optional<String> leaderId, long commitIndex, long appliedIndex) {
    if (leaderId.isEmpty()) {
      return new Readiness(false, "no leader known");
    }
    long lag = commitIndex - appliedIndex;
    if (lag > MAX_APPLY_LAG) {
      return new Readiness(
          false, "applied index " + appliedIndex + " trails commit index " + commitIndex);
    }
    return new Readiness(true, "ok");
  }
}
