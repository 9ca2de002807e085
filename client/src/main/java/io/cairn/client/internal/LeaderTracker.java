package io.cairn.client.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's guess of which endpoint is the leader, and every endpoint it knows: the configured
 * ones plus those learned from NOT_LEADER hints and member lists. Thread-safe, lock-free.
 */
public final class LeaderTracker {
  private final CopyOnWriteArrayList<String> endpoints;
  private final AtomicReference<String> leader;

  public LeaderTracker(List<String> initial) {
    if (initial.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint");
    }
    this.endpoints = new CopyOnWriteArrayList<>(initial);
    this.leader = new AtomicReference<>(initial.get(0));
  }

  /** The endpoint to try next. */
  public String current() {
    return leader.get();
  }

  /** Every endpoint known, configured ones first. */
  public List<String> endpoints() {
    return List.copyOf(endpoints);
  }

  /** Adds an endpoint learned from the cluster. */
  public void learn(String endpoint) {
    endpoints.addIfAbsent(Objects.requireNonNull(endpoint));
  }

  /**
   * {@code from} named {@code leaderAddress} as the leader.
   *
   * @return whether that is a different endpoint, so an immediate retry there makes sense
   */
  public boolean redirect(String from, String leaderAddress) {
    learn(leaderAddress);
    leader.set(leaderAddress);
    return !leaderAddress.equals(from);
  }

  /**
   * A member list named {@code leaderAddress} as the leader: take it, unless the guess moved on
   * from {@code guessBefore} since the list was asked for (a redirect or a write knows better).
   */
  public void suggest(String guessBefore, String leaderAddress) {
    learn(leaderAddress);
    leader.compareAndSet(guessBefore, leaderAddress);
  }

  /** A write succeeded at {@code endpoint}: it is the leader. */
  public void confirm(String endpoint) {
    leader.set(endpoint);
  }

  /** {@code endpoint} could not serve: if it was the guess, move on to the next known endpoint. */
  public void failed(String endpoint) {
    leader.compareAndSet(endpoint, next(endpoint));
  }

  private String next(String endpoint) {
    List<String> all = endpoints();
    int i = all.indexOf(endpoint);
    return all.get((i + 1) % all.size());
  }
}
