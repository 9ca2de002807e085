package io.cairn.cli.bench;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.Cmp;
import io.cairn.client.GetOptions;
import io.cairn.client.Op;
import io.cairn.client.ReadConsistency;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A {@link BenchTarget} over one {@link CairnClient} (its async API). */
final class CairnTarget implements BenchTarget {
  private static final GetOptions LINEARIZABLE = GetOptions.DEFAULT;
  private static final GetOptions SERIALIZABLE =
      GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();
  private static final GetOptions COUNT = GetOptions.builder().prefix(true).countOnly(true).build();

  private final CairnClient client;
  private final ValueCache<Bytes> values = new ValueCache<>(Bytes::of);

  CairnTarget(CairnClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<?> put(byte[] key, byte[] value) {
    return client.put(Bytes.of(key), values.encode(value));
  }

  @Override
  public CompletableFuture<?> get(byte[] key, boolean linearizable) {
    return client.get(Bytes.of(key), linearizable ? LINEARIZABLE : SERIALIZABLE);
  }

  @Override
  public CompletableFuture<?> txn(byte[] key, byte[] value) {
    Bytes k = Bytes.of(key);
    return client
        .txn()
        .when(Cmp.version(k).less(Long.MAX_VALUE))
        .then(Op.put(k, values.encode(value)))
        .commit();
  }

  @Override
  public CompletableFuture<?> putAll(List<byte[]> keys, byte[] value) {
    Bytes v = values.encode(value);
    List<Op> ops = new ArrayList<>(keys.size());
    for (byte[] k : keys) {
      ops.add(Op.put(Bytes.of(k), v));
    }
    return client.txn().then(ops).commit();
  }

  @Override
  public long count(byte[] prefix) {
    return client.get(Bytes.of(prefix), COUNT).join().count();
  }

  @Override
  public AutoCloseable watch(byte[] key, Consumer<byte[]> onValue, Consumer<Throwable> onError) {
    return client.watch(
        Bytes.of(key),
        WatchOptions.DEFAULT,
        new WatchListener() {
          @Override
          public void onEvents(WatchBatch batch) {
            for (WatchEvent e : batch.events()) {
              if (e.type() == WatchEvent.Type.PUT) {
                onValue.accept(e.kv().value().toByteArray());
              }
            }
          }

          @Override
          public void onError(CairnException e) {
            onError.accept(e);
          }
        });
  }

  @Override
  public String errorKind(Throwable error) {
    Throwable t = Failures.unwrap(error);
    if (t instanceof CairnException c && c.reason() != null && !c.reason().isEmpty()) {
      return c.reason();
    }
    return t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    client.close();
  }
}
