package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnIndeterminateException;
import io.cairn.client.CairnUnavailableException;
import io.cairn.client.GetOptions;
import io.cairn.client.KeyValue;
import io.cairn.client.ReadConsistency;
import io.cairn.server.testing.InProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A follower that is stopped while the leader snapshots and purges its log past the follower's
 * index comes back (wiped, or with its old state) and catches up from a copy of the leader's store,
 * under a continuous write load; afterwards it serves every acknowledged write itself.
 */
class SnapshotCatchUpIT {
  private static final String PREFIX = "catchup/";

  /** Small enough that a few thousand writes make the leader purge several segments. */
  private static final ServerConfig.Tunables TUNABLES =
      InProcessCluster.TEST_TUNABLES.withSnapshotThreshold(100);

  @TempDir Path tmp;

  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicLong lastAckedRevision = new AtomicLong();

  /** The applied index of the lagging follower when it stopped. */
  private volatile long stoppedAt;

  @ParameterizedTest(name = "wiped = {0}")
  @ValueSource(booleans = {true, false})
  void laggingFollowerCatchesUpBySnapshot(boolean wipe) throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp, TUNABLES)) {
      cluster.awaitLeaderReady();
      String lagging = cluster.followers().get(0).nodeId();
      String[] others =
          cluster.ids().stream().filter(id -> !id.equals(lagging)).toArray(String[]::new);
      BlockingCairnClient writer = cluster.client(others).blocking();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> load = pool.submit(() -> writeUntilStopped(writer));
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 50);
        stoppedAt = cluster.server(lagging).appliedIndex();
        cluster.stop(lagging);

        // The leader's oldest log entry moves past what the stopped follower has.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> oldestLogIndex(cluster, cluster.leader().nodeId()) > stoppedAt + 1);

        CairnServer back = wipe ? cluster.wipeAndRestart(lagging) : cluster.restart(lagging);
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> back.appliedIndex() > stoppedAt + 100);
        writing.set(false);
        load.get(60, TimeUnit.SECONDS);
      } finally {
        writing.set(false);
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
      }

      // A put is answered before the leader's store commit, so the leader's applied index may
      // still trail the last acknowledged write: wait for that write's revision on the follower.
      long lastAcked = lastAckedRevision.get();
      BlockingCairnClient onLaggingOnly = cluster.client(lagging).blocking();
      GetOptions everything =
          GetOptions.builder().prefix(true).consistency(ReadConsistency.SERIALIZABLE).build();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  onLaggingOnly.get(Bytes.utf8(PREFIX), everything).header().revision()
                      >= lastAcked);
      Map<String, String> onLagging =
          onLaggingOnly.get(Bytes.utf8(PREFIX), everything).kvs().stream()
              .collect(
                  Collectors.toMap(kv -> kv.key().toUtf8(), (KeyValue kv) -> kv.value().toUtf8()));
      // It got there by a snapshot: its own log starts past what it had before it stopped.
      assertThat(oldestLogIndex(cluster, lagging)).isGreaterThan(stoppedAt + 1);
      assertThat(acknowledged).isNotEmpty();
      assertThat(onLagging).containsAllEntriesOf(acknowledged);
    }
  }

  private void writeUntilStopped(BlockingCairnClient client) {
    while (writing.get()) {
      String key = PREFIX + String.format("%06d", next.getAndIncrement());
      String value = "v" + key.hashCode();
      try {
        long revision = client.put(Bytes.utf8(key), Bytes.utf8(value)).header().revision();
        acknowledged.put(key, value);
        lastAckedRevision.accumulateAndGet(revision, Math::max);
      } catch (CairnIndeterminateException | CairnUnavailableException e) {
        // not acknowledged: the check below does not expect it
      }
    }
  }

  /** The first index of the oldest Raft log segment on node {@code id}'s disk. */
  private static long oldestLogIndex(InProcessCluster cluster, String id) {
    Path current =
        cluster
            .dataDir(id)
            .resolve("ratis")
            .resolve(cluster.config(id).groupUuid().toString())
            .resolve("current");
    try (Stream<Path> files = Files.list(current)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("log_"))
          .mapToLong(
              n ->
                  Long.parseLong(
                      n.replace("log_inprogress_", "").replace("log_", "").split("-")[0]))
          .min()
          .orElse(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
