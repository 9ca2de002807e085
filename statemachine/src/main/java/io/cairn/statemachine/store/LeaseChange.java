package io.cairn.statemachine.store;

/** A lease granted ({@code granted}, with its TTL) or revoked by an applied entry. */
public record LeaseChange(long id, long ttlSeconds, boolean granted) {}
