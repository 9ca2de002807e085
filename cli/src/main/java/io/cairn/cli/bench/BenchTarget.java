package io.cairn.cli.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One connection to the system under test. Keys and values are raw bytes the workload generator
 * owns; an implementation may cache the encoding of a value array it sees again (the generator
 * reuses one value array per caller and never mutates it after handing it over).
 */
public interface BenchTarget extends AutoCloseable {
  /** A plain put. */
  CompletableFuture<?> put(byte[] key, byte[] value);

  /** A point read, linearizable or serializable. */
  CompletableFuture<?> get(byte[] key, boolean linearizable);

  /** A transaction {@code if version(key) < Long.MAX_VALUE then put(key, value)}: always true. */
  CompletableFuture<?> txn(byte[] key, byte[] value);

  /** One transaction that puts every key with the same value (preload). */
  CompletableFuture<?> putAll(List<byte[]> keys, byte[] value);

  /** The number of keys starting with {@code prefix} (a linearizable count-only range); blocks. */
  long count(byte[] prefix);

  /**
   * Watches one key for new events: {@code onValue} gets each put's value, {@code onError} a
   * failure that ended the watch. Closing the result cancels the watch.
   */
  AutoCloseable watch(byte[] key, Consumer<byte[]> onValue, Consumer<Throwable> onError);

  /** A short, stable name for a failure (e.g. UNAVAILABLE, DEADLINE_EXCEEDED). */
  String errorKind(Throwable error);

  @Override
  void close();
}
