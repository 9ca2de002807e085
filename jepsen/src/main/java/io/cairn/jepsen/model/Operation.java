package io.cairn.jepsen.model;

import io.cairn.jepsen.history.Op;

/**
 * One operation as the search sees it: an invocation paired with its completion.
 *
 * @param id dense id within its partition
 * @param invoke the invocation event
 * @param completion the completion event, or null if it never completed
 * @param outcome what is known about its effect
 * @param value the effective value: the ok completion's value (reads: the value read), else the
 *     invocation's value
 */
public record Operation(int id, Op invoke, Op completion, Outcome outcome, Object value) {

  /** What the history says about whether the operation took effect. */
  public enum Outcome {
    /** Completed ok: took effect exactly once, between invoke and completion. */
    OK,
    /**
     * Failed with an observation (a cas whose compare failed): happened, without effect, and saw a
     * value different from the expected one.
     */
    FAILED,
    /** info or never completed: may or may not have taken effect, any time after the invoke. */
    UNKNOWN
  }

  public String f() {
    return invoke.f();
  }

  public boolean indefinite() {
    return outcome == Outcome.UNKNOWN;
  }

  /** A short human description, e.g. {@code p3 cas [1, 2] ok}. */
  public String describe() {
    String v = value instanceof String s ? '"' + s + '"' : String.valueOf(value);
    return "p" + invoke.process() + " " + f() + " " + v + " " + outcome.name().toLowerCase();
  }
}
