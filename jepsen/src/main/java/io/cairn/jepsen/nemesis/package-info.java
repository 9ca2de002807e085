/**
 * Fault injection. {@link io.cairn.jepsen.nemesis.Nemesis} alternates fault windows with healed
 * windows on its own thread and always ends healed: killed nodes restarted, paused nodes resumed,
 * every cut removed. Faults: {@code kill} (kill -9, restart at the end of the window), {@code
 * pause} (SIGSTOP/SIGCONT), {@code partition} (random halves, isolate the leader, majorities ring,
 * one-way; see {@link io.cairn.jepsen.nemesis.Partitions}), {@code member} (remove a voter, wipe
 * it, re-add it with {@code --join} as a learner and promote it; see {@code MemberFault}: the run
 * fails when the cluster cannot be brought back to every node a voter). Every start and stop is
 * recorded in the history as a {@code nemesis} op and kept as a {@link
 * io.cairn.jepsen.nemesis.FaultWindow}.
 */
package io.cairn.jepsen.nemesis;
