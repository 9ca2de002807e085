/**
 * Readers for external history formats (Knossos/Jepsen EDN, porcupine etcd and kv logs) that turn
 * them into Cairn {@link io.cairn.jepsen.history.Op}s with the semantics of
 * shared/checker-data/README.md, plus format detection by content and file name.
 */
package io.cairn.jepsen.parse;
