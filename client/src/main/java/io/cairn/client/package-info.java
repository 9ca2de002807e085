/**
 * The Java client for Cairn: {@link io.cairn.client.CairnClient} (async, built by {@link
 * io.cairn.client.CairnClientBuilder}), its {@link io.cairn.client.BlockingCairnClient} facet, and
 * the value types it speaks ({@link io.cairn.client.Bytes}, results as records, options as
 * immutable builders), plus the long-lived streams: watches ({@link io.cairn.client.Watcher}, or a
 * {@link java.util.concurrent.Flow.Publisher} paced by its subscriber, or the pulling {@link
 * io.cairn.client.BlockingWatch}) that resume on any member from the revision after the last one
 * delivered, so each revision arrives exactly once and in order; and lease keep-alives ({@link
 * io.cairn.client.LeaseKeeper}) that follow the leader. Coordination recipes built on these are in
 * {@link io.cairn.client.concurrency}.
 *
 * <p>Contract: every type here is immutable and thread-safe except {@link io.cairn.client.Txn} (a
 * builder for one thread) and {@link io.cairn.client.BlockingWatch} (one reading thread). Listeners
 * (watch, lease) run on client threads, one call at a time per stream: they must not block long.
 * Nothing returns or accepts null. Every failure is an unchecked {@link
 * io.cairn.client.CairnException} whose subtype says whether a write was applied: {@link
 * io.cairn.client.CairnRejectedException} and {@link io.cairn.client.CairnUnavailableException}
 * mean no ({@link io.cairn.client.CairnCompactedException} and {@link
 * io.cairn.client.CairnLeaseNotFoundException} are rejections), {@link
 * io.cairn.client.CairnIndeterminateException} means maybe (at most once). The error table is
 * docs/errors.md.
 */
package io.cairn.client;
