/**
 * The client's machinery, not public API (may change without notice): {@link
 * io.cairn.client.internal.StatusDecoder} (the client half of docs/errors.md), {@link
 * io.cairn.client.internal.RetryPolicy} (backoff and per-attempt deadlines), {@link
 * io.cairn.client.internal.LeaderTracker} (leader guess and known endpoints), {@link
 * io.cairn.client.internal.Session} (write session id and seqs), {@link
 * io.cairn.client.internal.ChannelPool} and {@link io.cairn.client.internal.CallRunner} (the
 * non-blocking retry loop). All classes are thread-safe.
 */
package io.cairn.client.internal;
