package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.WatchOptions;
import io.cairn.client.Watcher;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thousand watchers on one member each see every change, in order, and writes keep going. */
class ManyWatchersIT {
  private static final int WATCHERS = 1000;
  private static final int WRITES = 30;

  @TempDir Path tmp;

  @Test
  void aThousandWatchersOnOneMemberEachSeeEveryChangeInOrder() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      String member = cluster.followers().get(0).nodeId();
      CairnClient watching = cluster.client(member);
      List<ConcurrentLinkedQueue<Long>> seen = new ArrayList<>();
      List<Watcher> watchers = new ArrayList<>();
      WatchOptions prefix = WatchOptions.builder().prefix(true).startRevision(1).build();
      for (int w = 0; w < WATCHERS; w++) {
        ConcurrentLinkedQueue<Long> revisions = new ConcurrentLinkedQueue<>();
        seen.add(revisions);
        watchers.add(
            watching.watch(
                Bytes.utf8("many/"),
                prefix,
                batch -> batch.events().forEach(e -> revisions.add(e.revision()))));
      }

      BlockingCairnClient writer = cluster.client().blocking();
      List<Long> acked = new ArrayList<>();
      for (int i = 0; i < WRITES; i++) {
        acked.add(
            writer.put(Bytes.utf8("many/" + (i % 5)), Bytes.utf8("v" + i)).header().revision());
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> seen.stream().allMatch(q -> q.size() >= WRITES));
      for (ConcurrentLinkedQueue<Long> revisions : seen) {
        assertThat(List.copyOf(revisions)).isEqualTo(acked);
      }
      watchers.forEach(Watcher::close);
    }
  }
}
