package io.cairn.client;

/**
 * Receives a watch's deliveries, one call at a time, in revision order. Calls run on a client
 * thread: do not block for long (a slow listener delays only its own watch, whose stream then
 * pushes back on the member).
 */
public interface WatchListener {
  /** The events of one revision; each revision is delivered exactly once. */
  void onEvents(WatchBatch batch);

  /** Nothing matched up to {@code revision} (a progress notification). */
  default void onProgress(long revision) {}

  /**
   * The watch ended and delivers nothing more: {@link CairnCompactedException} when the history it
   * needs was compacted, {@link CairnRejectedException} for an invalid watch, {@link
   * CairnUnavailableException} reason {@code CLOSED} when the client closed. Not called after
   * {@link Watcher#close()}.
   */
  default void onError(CairnException e) {}
}
