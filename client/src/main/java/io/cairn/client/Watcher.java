package io.cairn.client;

import java.util.concurrent.CompletableFuture;

/**
 * A running watch ({@link CairnClient#watch}). It survives member failures by itself: it re-creates
 * the watch on any member from the revision after the last one delivered, so each revision is
 * delivered exactly once and none is skipped. Thread-safe.
 */
public interface Watcher extends AutoCloseable {
  /** The revision of the last batch (or progress notification) delivered; 0 before any. */
  long lastRevision();

  /**
   * Completes when the watch ends: normally after {@link #close()}, exceptionally with the error
   * also passed to {@link WatchListener#onError}.
   */
  CompletableFuture<Void> done();

  /** Cancels the watch: no delivery starts after this returns (one already running may finish). */
  @Override
  void close();
}
