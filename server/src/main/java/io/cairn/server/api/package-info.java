/**
 * The cairn.v1 gRPC services of a node. Translation only: a wire request is validated ({@link
 * io.cairn.server.api.RequestValidator}, before anything is proposed), turned into a log {@code
 * Command} or {@code Query}, handed to the replication package, and its result turned back into a
 * wire response carrying a {@code ResponseHeader}. Every error leaves through {@link
 * io.cairn.server.api.ErrorMapper}, the one table of docs/errors.md.
 *
 * <p>Handlers never block: they queue work and answer from future callbacks. Writes that reach a
 * follower are not forwarded: they fail with UNAVAILABLE NOT_LEADER carrying the leader's client
 * address, and the client retries there. This package must not touch LMDB or the store (the build
 * enforces it).
 */
package io.cairn.server.api;
