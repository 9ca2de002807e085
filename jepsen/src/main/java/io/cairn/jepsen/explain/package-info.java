/**
 * The {@code --explain} page of {@code cairn check}: a self-contained HTML file (no scripts, no
 * network) that shows each counterexample window so a person can see the violation.
 */
package io.cairn.jepsen.explain;
