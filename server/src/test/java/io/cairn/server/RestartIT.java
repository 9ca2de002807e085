package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnUnavailableException;
import io.cairn.client.Cmp;
import io.cairn.client.GetResult;
import io.cairn.client.KeyValue;
import io.cairn.client.Op;
import io.cairn.client.TxnResult;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A counter incremented by concurrent compare-and-swap workers ends at exactly the acknowledged
 * increments (plus at most the indeterminate ones), and a full cluster restart changes nothing.
 */
class RestartIT {
  private static final Bytes COUNTER = Bytes.utf8("restart/counter");
  private static final int WORKERS = 3;
  private static final int INCREMENTS_PER_WORKER = 15;
  private static final int MAX_ATTEMPTS_PER_WORKER = 500;

  @TempDir Path tmp;

  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong indeterminate = new AtomicLong();

  @Test
  void acknowledgedIncrementsSurviveFullRestartsAndNoneAppliesTwice() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      runWorkers(cluster.client().blocking());
      KeyValue beforeRestart = assertCounterConsistent(cluster.client().blocking());

      cluster.restartAll();
      cluster.awaitLeaderReady();
      KeyValue afterRestart = read(cluster.client().blocking());
      assertThat(afterRestart.value()).isEqualTo(beforeRestart.value());
      assertThat(afterRestart.version()).isEqualTo(beforeRestart.version());
      assertThat(afterRestart.modRevision()).isEqualTo(beforeRestart.modRevision());

      runWorkers(cluster.client().blocking());
      KeyValue second = assertCounterConsistent(cluster.client().blocking());

      cluster.restartAll();
      cluster.awaitLeaderReady();
      KeyValue afterSecondRestart = read(cluster.client().blocking());
      assertThat(afterSecondRestart.value()).isEqualTo(second.value());
      assertThat(afterSecondRestart.version()).isEqualTo(second.version());
    }
  }

  private KeyValue assertCounterConsistent(BlockingCairnClient client) {
    KeyValue kv = read(client);
    long value = Long.parseLong(kv.value().toUtf8());
    assertThat(value).isBetween(acknowledged.get(), acknowledged.get() + indeterminate.get());
    // One put per applied increment: a double apply would show as version != value.
    assertThat(kv.version()).isEqualTo(value);
    return kv;
  }

  private static KeyValue read(BlockingCairnClient client) {
    return client.get(COUNTER).first().orElseThrow();
  }

  private void runWorkers(BlockingCairnClient client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        done.add(pool.submit(() -> increment(client)));
      }
      for (Future<?> f : done) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private void increment(BlockingCairnClient client) {
    int mine = 0;
    for (int attempt = 0;
        attempt < MAX_ATTEMPTS_PER_WORKER && mine < INCREMENTS_PER_WORKER;
        attempt++) {
      try {
        GetResult current = client.get(COUNTER);
        long value = current.first().map(kv -> Long.parseLong(kv.value().toUtf8())).orElse(0L);
        long modRevision = current.first().map(KeyValue::modRevision).orElse(0L);
        TxnResult r =
            client.txn(
                t ->
                    t.when(Cmp.modRevision(COUNTER).equal(modRevision))
                        .then(Op.put(COUNTER, Bytes.utf8(Long.toString(value + 1)))));
        if (r.succeeded()) {
          mine++;
          acknowledged.incrementAndGet();
        }
      } catch (CairnIndeterminateException e) {
        indeterminate.incrementAndGet();
      } catch (CairnUnavailableException e) {
        // definitely not applied: try again
      }
    }
    assertThat(mine).isEqualTo(INCREMENTS_PER_WORKER);
  }
}
