package io.cairn.client;

/** The result of one operation inside a transaction, in the order the operations were given. */
public sealed interface OpResult permits GetResult, PutResult, DeleteResult {
  ResponseHeader header();
}
