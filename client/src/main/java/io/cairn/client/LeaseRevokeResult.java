package io.cairn.client;

/**
 * The answer to a lease revoke: the lease and its keys are gone.
 *
 * @param header who answered; {@code revision} is the revision that deleted the keys
 */
public record LeaseRevokeResult(ResponseHeader header) {}
