package io.cairn.client;

/**
 * The answer to a lease grant.
 *
 * @param header who answered
 * @param id the lease's id (the one asked for, or the one the cluster picked)
 * @param ttl the granted time to live in seconds (the cluster may raise a too small one)
 */
public record LeaseGrantResult(ResponseHeader header, long id, long ttl) {}
