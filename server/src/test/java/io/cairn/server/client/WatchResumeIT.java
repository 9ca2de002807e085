package io.cairn.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.PutResult;
import io.cairn.client.WatchBatch;
import io.cairn.client.WatchEvent;
import io.cairn.client.WatchListener;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher connected to the leader keeps delivering while the leader is killed and restarted and
 * then the member it moved to restarts: every acknowledged write arrives exactly once, in order.
 */
class WatchResumeIT {
  @TempDir Path tmp;

  @Test
  void aWatchSeesEveryAcknowledgedWriteExactlyOnceAcrossLeaderKillAndRestart() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      String leader = cluster.awaitLeaderReady().nodeId();
      List<String> order = new ArrayList<>(List.of(leader));
      cluster.ids().stream().filter(id -> !id.equals(leader)).forEach(order::add);
      // The watch opens at the first endpoint: the leader, which is about to die.
      CairnClient watching = cluster.client(order.toArray(String[]::new));
      CairnClient writing = cluster.client();
      long start =
          writing.blocking().put(Bytes.utf8("w/start"), Bytes.utf8("s")).header().revision();

      List<WatchBatch> seen = new CopyOnWriteArrayList<>();
      AtomicReference<CairnException> error = new AtomicReference<>();
      Watcher watcher =
          watching.watch(
              Bytes.utf8("w/"),
              WatchOptions.builder().prefix(true).startRevision(start + 1).build(),
              new WatchListener() {
                @Override
                public void onEvents(WatchBatch batch) {
                  seen.add(batch);
                }

                @Override
                public void onError(CairnException e) {
                  error.set(e);
                }
              });

      Map<String, Long> acknowledged = new ConcurrentHashMap<>();
      write(writing, "a", 30, acknowledged);
      cluster.stop(leader);
      write(writing, "b", 30, acknowledged);
      cluster.restart(leader);
      write(writing, "c", 30, acknowledged);
      // The watch moved to the next endpoint when the leader died: restart that member too.
      cluster.restart(order.get(1));
      cluster.awaitLeaderReady();
      write(writing, "d", 10, acknowledged);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  seen.stream()
                      .flatMap(b -> b.events().stream())
                      .map(e -> e.kv().key().toUtf8())
                      .toList()
                      .containsAll(acknowledged.keySet()));
      watcher.close();

      assertThat(error.get()).isNull();
      List<Long> revisions = seen.stream().map(WatchBatch::revision).toList();
      assertThat(revisions).isSorted().doesNotHaveDuplicates();
      assertThat(revisions.get(0)).isGreaterThan(start);
      List<WatchEvent> events = seen.stream().flatMap(b -> b.events().stream()).toList();
      assertThat(events).extracting(e -> e.kv().key().toUtf8()).doesNotHaveDuplicates();
      for (WatchEvent e : events) {
        assertThat(e.type()).isEqualTo(WatchEvent.Type.PUT);
        Long ack = acknowledged.get(e.kv().key().toUtf8());
        if (ack != null) {
          assertThat(e.kv().modRevision()).as(e.kv().key().toUtf8()).isEqualTo(ack);
        }
      }
    }
  }

  /** Puts w/{tag}{i}, each once (retries are deduplicated); records those acknowledged. */
  private static void write(CairnClient client, String tag, int n, Map<String, Long> acked)
      throws InterruptedException {
    for (int i = 0; i < n; i++) {
      String key = "w/" + tag + i;
      try {
        PutResult r = client.put(Bytes.utf8(key), Bytes.utf8("v")).get(30, TimeUnit.SECONDS);
        acked.put(key, r.header().revision());
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // not acknowledged: it may or may not have applied; the watch may show it once
      }
    }
  }
}
