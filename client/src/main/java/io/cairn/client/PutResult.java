package io.cairn.client;

import java.util.Optional;

/**
 * The answer to a put.
 *
 * @param header who answered; {@code revision} is the revision of this put
 * @param prevKv the key-value the put replaced, when asked for with {@link
 *     PutOptions.Builder#prevKv(boolean)} and the key existed
 */
public record PutResult(ResponseHeader header, Optional<KeyValue> prevKv) implements OpResult {}
