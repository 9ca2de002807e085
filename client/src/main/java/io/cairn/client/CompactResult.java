package io.cairn.client;

/**
 * The answer to a compaction: history at and below the revision asked for is gone (it is deleted in
 * the background; reads and watches there already fail).
 *
 * @param header who answered
 */
public record CompactResult(ResponseHeader header) {}
