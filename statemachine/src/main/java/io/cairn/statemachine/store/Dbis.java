package io.cairn.statemachine.store;

import org.lmdbjava.Dbi;

/** The environment's named databases; see {@link Schema} for their layouts. */
record Dbis(Dbi<byte[]> meta, Dbi<byte[]> rev, Dbi<byte[]> lease, Dbi<byte[]> leaseKeys) {}
