package io.cairn.cli.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A {@link BenchTarget} over one jetcd {@link Client} (one gRPC channel to the etcd members). */
final class EtcdTarget implements BenchTarget {
  private static final GetOption LINEARIZABLE = GetOption.DEFAULT;
  private static final GetOption SERIALIZABLE = GetOption.builder().withSerializable(true).build();
  private static final GetOption COUNT =
      GetOption.builder().isPrefix(true).withCountOnly(true).build();

  private final Client client;
  private final KV kv;
  private final long timeoutMillis;
  private final ValueCache<ByteSequence> values = new ValueCache<>(ByteSequence::from);

  /** Connects to {@code host:port} client URLs (http assumed when no scheme is given). */
  EtcdTarget(List<String> endpoints, Duration timeout) {
    String[] urls =
        endpoints.stream().map(e -> e.contains("://") ? e : "http://" + e).toArray(String[]::new);
    this.client = Client.builder().endpoints(urls).connectTimeout(timeout).build();
    this.kv = client.getKVClient();
    // jetcd has no per-call deadline; Cairn's client has --timeout, so give etcd the same
    this.timeoutMillis = timeout.toMillis();
  }

  private <T> CompletableFuture<T> bounded(CompletableFuture<T> f) {
    return f.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletableFuture<?> put(byte[] key, byte[] value) {
    return bounded(kv.put(ByteSequence.from(key), values.encode(value)));
  }

  @Override
  public CompletableFuture<?> get(byte[] key, boolean linearizable) {
    return bounded(kv.get(ByteSequence.from(key), linearizable ? LINEARIZABLE : SERIALIZABLE));
  }

  @Override
  public CompletableFuture<?> txn(byte[] key, byte[] value) {
    ByteSequence k = ByteSequence.from(key);
    return bounded(
        kv.txn()
            .If(new Cmp(k, Cmp.Op.LESS, CmpTarget.version(Long.MAX_VALUE)))
            .Then(Op.put(k, values.encode(value), PutOption.DEFAULT))
            .commit());
  }

  @Override
  public CompletableFuture<?> putAll(List<byte[]> keys, byte[] value) {
    ByteSequence v = values.encode(value);
    Op[] ops = new Op[keys.size()];
    for (int i = 0; i < ops.length; i++) {
      ops[i] = Op.put(ByteSequence.from(keys.get(i)), v, PutOption.DEFAULT);
    }
    return bounded(kv.txn().Then(ops).commit());
  }

  @Override
  public long count(byte[] prefix) {
    return bounded(kv.get(ByteSequence.from(prefix), COUNT)).join().getCount();
  }

  @Override
  public AutoCloseable watch(byte[] key, Consumer<byte[]> onValue, Consumer<Throwable> onError) {
    return client
        .getWatchClient()
        .watch(
            ByteSequence.from(key),
            WatchOption.DEFAULT,
            Watch.listener(
                response -> {
                  for (WatchEvent e : response.getEvents()) {
                    if (e.getEventType() == WatchEvent.EventType.PUT) {
                      onValue.accept(e.getKeyValue().getValue().getBytes());
                    }
                  }
                },
                onError));
  }

  @Override
  public String errorKind(Throwable error) {
    Throwable t = Failures.unwrap(error);
    if (t instanceof java.util.concurrent.TimeoutException) {
      return "TIMEOUT";
    }
    if (t instanceof EtcdException e) {
      return e.getErrorCode().name();
    }
    Status s = Status.fromThrowable(t);
    if (s.getCode() != Status.Code.UNKNOWN) {
      return s.getCode().name();
    }
    return t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    client.close();
  }
}
