/**
 * Sequential specifications for the linearizability checker. A {@link io.cairn.jepsen.model.Model}
 * is pure: the same state and operation always give the same next state, states are encoded as
 * longs whose equality is state equality, and an operation with an unknown outcome is only ever
 * applied as "it took effect" (the search itself covers "it did not").
 */
package io.cairn.jepsen.model;
