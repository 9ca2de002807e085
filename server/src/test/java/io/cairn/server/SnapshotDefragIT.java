package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.DefragRequest;
import io.cairn.api.v1.DefragResponse;
import io.cairn.api.v1.MaintenanceGrpc;
import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.GetOptions;
import io.cairn.client.KeyValue;
import io.cairn.client.ReadConsistency;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defrag shrinks a member's LMDB file after overwrites and compaction, serves reads and accepts
 * writes while it runs, and the compacted store is the one a restart opens.
 */
class SnapshotDefragIT {
  private static final Bytes PREFIX = Bytes.utf8("defrag/");

  @TempDir Path tmp;

  @Test
  void defragShrinksTheFileWithoutLosingDataOrFailingReads() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      BlockingCairnClient client = cluster.client().blocking();
      Bytes big = Bytes.utf8("x".repeat(4096));
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < 200; i++) {
          client.put(Bytes.utf8("defrag/" + i), big);
        }
      }
      long revision = client.put(Bytes.utf8("defrag/last"), Bytes.utf8("1")).header().revision();
      client.compact(revision);
      // The history goes physically with the batch after the compaction's: make one now, so the
      // defrag does not race the concurrent writer below for whether there is anything to free.
      client.put(Bytes.utf8("defrag/last"), Bytes.utf8("1"));
      List<KeyValue> before = all(client);

      String id = cluster.leader().nodeId();
      BlockingCairnClient local = cluster.client(id).blocking();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger reads = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      DefragResponse r;
      try {
        Future<?> reader =
            pool.submit(
                () -> {
                  while (running.get()) {
                    assertThat(
                            local
                                .get(
                                    Bytes.utf8("defrag/last"),
                                    GetOptions.builder()
                                        .consistency(ReadConsistency.SERIALIZABLE)
                                        .build())
                                .kvs())
                        .hasSize(1);
                    reads.incrementAndGet();
                  }
                });
        Future<?> writer =
            pool.submit(
                () -> {
                  int i = 0;
                  while (running.get()) {
                    client.put(Bytes.utf8("defrag/during/" + i++), Bytes.utf8("w"));
                  }
                });
        r =
            MaintenanceGrpc.newBlockingStub(cluster.channel(id))
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .defrag(DefragRequest.getDefaultInstance());
        running.set(false);
        reader.get(30, TimeUnit.SECONDS);
        writer.get(30, TimeUnit.SECONDS);
      } finally {
        running.set(false);
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
      }
      assertThat(r.getMemberId()).isEqualTo(id);
      assertThat(r.getSizeAfter()).isLessThan(r.getSizeBefore());
      assertThat(reads.get()).isPositive();

      List<KeyValue> after =
          all(client).stream()
              .filter(kv -> !kv.key().toUtf8().startsWith("defrag/during/"))
              .toList();
      assertThat(after).containsExactlyElementsOf(before);
      assertThat(client.put(Bytes.utf8("defrag/after"), Bytes.utf8("2")).header().revision())
          .isGreaterThan(revision);

      cluster.restart(id);
      cluster.awaitLeaderReady();
      BlockingCairnClient again = cluster.client(id).blocking();
      List<KeyValue> restarted =
          again
              .get(
                  PREFIX,
                  GetOptions.builder()
                      .prefix(true)
                      .consistency(ReadConsistency.SERIALIZABLE)
                      .build())
              .kvs();
      assertThat(restarted).containsAll(before);
    }
  }

  private static List<KeyValue> all(BlockingCairnClient client) {
    return client.get(PREFIX, GetOptions.builder().prefix(true).build()).kvs();
  }
}
