package io.cairn.cli.output;

import io.cairn.client.EndpointStatus;

/**
 * What one endpoint said to {@code status}: its status, or the one-line error it failed with.
 *
 * @param endpoint the address asked
 * @param status the answer, null when the endpoint failed
 * @param error why it failed, null when it answered
 */
public record EndpointReport(String endpoint, EndpointStatus status, String error) {
  /** Applied may trail committed by this much and still count as caught up (as in /readyz). */
  static final long MAX_APPLY_LAG = 1000;

  /**
   * The member's health by the rule of the server's /readyz and gRPC health: {@code healthy} when
   * it knows a leader and has applied what it knows committed; else why not; {@code unreachable}
   * when it did not answer.
   */
  public String health() {
    if (status == null) {
      return "unreachable";
    }
    if (status.leaderClientAddress().isEmpty()) {
      return "unhealthy: no leader";
    }
    if (status.raftIndex() - status.raftAppliedIndex() > MAX_APPLY_LAG) {
      return "unhealthy: applying";
    }
    return "healthy";
  }
}
