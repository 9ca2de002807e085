/**
 * Coordination recipes on Cairn's leases, revisions and watches, in the style of etcd's concurrency
 * package: {@link io.cairn.client.concurrency.CairnSession} (a lease kept alive), {@link
 * io.cairn.client.concurrency.CairnLock} (a mutex with a fencing token) and {@link
 * io.cairn.client.concurrency.CairnElection} (leader election).
 *
 * <p>Contract: waiting is fair (first come, first served, by create revision) and costs one watch
 * per waiter on its predecessor only. A lost session (its lease expired or was revoked) deletes its
 * keys, so it releases its locks and leaderships; a holder learns of the loss late, so guard every
 * write that needs the lock with a compare on its fencing token ({@link
 * io.cairn.client.concurrency.LockHandle#isHeld()}). Every {@code *Async} method returns a future
 * completing on a client thread; its plain counterpart waits. All classes are thread-safe.
 */
package io.cairn.client.concurrency;
