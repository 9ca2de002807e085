/**
 * Run-time membership changes, always made on the leader: add a non-voting learner (a Ratis
 * LISTENER), promote a caught-up learner to voter, remove a member, transfer leadership.
 *
 * <p>Each change is one Ratis {@code setConfiguration} in COMPARE_AND_SET mode against the
 * configuration the checks were made on, so two concurrent changes cannot both apply; Ratis joint
 * consensus completes or drops a change a leader crash interrupts. Refusals are {@link
 * io.cairn.server.membership.MembershipRefusal}s with a reason from docs/errors.md.
 *
 * <p>Client addresses of members added at run time travel in the replicated configuration as the
 * peer's Ratis data-stream address: Cairn does not enable Ratis data streams, so the field is
 * otherwise unused, and it is replicated and persisted atomically with the membership itself. The
 * Ratis client address is deliberately left unset (embedded Ratis clients would dial it).
 */
package io.cairn.server.membership;
