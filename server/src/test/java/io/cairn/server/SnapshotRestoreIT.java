package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.GetOptions;
import io.cairn.client.KeyValue;
import io.cairn.server.maintenance.SnapshotFile;
import io.cairn.server.maintenance.SnapshotMeta;
import io.cairn.server.testing.InProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup saved from a live cluster and restored into the data dirs of a new 3-node cluster serves
 * exactly the saved keys (values, versions, revisions) and accepts new writes after them.
 */
class SnapshotRestoreIT {
  private static final Bytes PREFIX = Bytes.utf8("backup/");

  @TempDir Path tmp;

  @Test
  void savedSnapshotRestoresIntoANewClusterWithIdenticalData() throws Exception {
    Path backup = tmp.resolve("backup.db");
    List<KeyValue> saved;
    long revision;
    SnapshotMeta meta;
    try (InProcessCluster source = InProcessCluster.start(3, tmp.resolve("a"))) {
      source.awaitLeaderReady();
      BlockingCairnClient client = source.client().blocking();
      for (int i = 0; i < 300; i++) {
        client.put(Bytes.utf8("backup/" + i), Bytes.utf8("v" + i));
      }
      for (int i = 0; i < 50; i++) {
        client.put(Bytes.utf8("backup/" + i), Bytes.utf8("again" + i));
      }
      for (int i = 250; i < 300; i++) {
        client.delete(Bytes.utf8("backup/" + i));
      }
      saved = all(client);
      revision = client.get(PREFIX).header().revision();
      // Whichever member answers the save must hold every write.
      long applied = source.leader().appliedIndex();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  source.ids().stream()
                      .allMatch(id -> source.server(id).appliedIndex() >= applied));
      AtomicLong progress = new AtomicLong();
      meta = SnapshotFile.save(source.clientEndpoints(), backup, progress::set, 60_000);
      assertThat(progress.get()).isEqualTo(meta.size()).isEqualTo(Files.size(backup));
      assertThatThrownBy(() -> SnapshotFile.save(source.clientEndpoints(), backup, b -> {}, 60_000))
          .isInstanceOf(IOException.class); // never overwrites an existing file
    }
    assertThat(saved).hasSize(250);
    assertThat(meta.revision()).isEqualTo(revision);

    SnapshotFile.Status status = SnapshotFile.status(backup);
    assertThat(status.revision()).isEqualTo(revision);
    assertThat(status.keyCount()).isEqualTo(250);
    assertThat(status.size()).isEqualTo(meta.size());
    assertThat(status.sha256()).isEqualTo(meta.sha256Hex());

    try (InProcessCluster target = InProcessCluster.start(3, tmp.resolve("b"))) {
      target.stopAll();
      for (String id : target.ids()) {
        deleteRecursively(target.dataDir(id));
        SnapshotFile.Status restored = SnapshotFile.restore(backup, target.dataDir(id));
        assertThat(restored.revision()).isEqualTo(revision);
      }
      assertThatThrownBy(() -> SnapshotFile.restore(backup, target.dataDir("n1")))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not empty");
      target.restartAll();
      target.awaitLeaderReady();
      BlockingCairnClient client = target.client().blocking();
      assertThat(all(client)).containsExactlyElementsOf(saved);
      for (String id : target.ids()) {
        assertThat(all(target.client(id).blocking())).containsExactlyElementsOf(saved);
      }
      long next = client.put(Bytes.utf8("backup/new"), Bytes.utf8("x")).header().revision();
      assertThat(next).isEqualTo(revision + 1);
    }
  }

  private static List<KeyValue> all(BlockingCairnClient client) {
    return client.get(PREFIX, GetOptions.builder().prefix(true).build()).kvs();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
