/**
 * The Java client for Cairn: {@link io.cairn.client.CairnClient} (async, built by {@link
 * io.cairn.client.CairnClientBuilder}), its {@link io.cairn.client.BlockingCairnClient} facet, and
 * the value types it speaks ({@link io.cairn.client.Bytes}, results as records, options as
 * immutable builders).
 *
 * <p>Contract: every type here is immutable and thread-safe except {@link io.cairn.client.Txn} (a
 * builder for one thread). Nothing returns or accepts null. Every failure is an unchecked {@link
 * io.cairn.client.CairnException} whose subtype says whether a write was applied: {@link
 * io.cairn.client.CairnRejectedException} and {@link io.cairn.client.CairnUnavailableException}
 * mean no, {@link io.cairn.client.CairnIndeterminateException} means maybe (at most once). The
 * error table is docs/errors.md.
 */
package io.cairn.client;
