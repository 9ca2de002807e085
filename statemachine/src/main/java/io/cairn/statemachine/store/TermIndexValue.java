package io.cairn.statemachine.store;

/** A Raft (term, index) as the store persists it; index -1 means nothing applied yet. */
public record TermIndexValue(long term, long index) {
  /** Before the first applied entry (the same as Ratis's initial value). */
  public static final TermIndexValue NONE = new TermIndexValue(0, -1);
}
