package io.cairn.jepsen.checker;

/** Outcome of a linearizability check. A limit that cuts the search short gives UNKNOWN. */
public enum Verdict {
  LINEARIZABLE,
  NOT_LINEARIZABLE,
  UNKNOWN
}
