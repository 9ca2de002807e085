package io.cairn.server.maintenance;

import io.cairn.statemachine.store.LmdbStore;
import io.cairn.statemachine.store.TermIndexValue;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A backup file: exactly the LMDB data file of a compact copy, so it is self-describing (its meta
 * table holds revision and applied index) and restorable by copying it into a data directory.
 */
public final class SnapshotFile {
  /** Where a node keeps its store inside its data dir (see io.cairn.server.DataDirectory). */
  static final String LMDB_DIR = "lmdb";

  private SnapshotFile() {}

  /**
   * What a backup file holds.
   *
   * @param revision store revision
   * @param keyCount live keys
   * @param appliedIndex Raft index of the last entry applied in the source cluster
   * @param size file size in bytes
   * @param sha256 hex SHA-256 of the file
   */
  public record Status(long revision, long keyCount, long appliedIndex, long size, String sha256) {}

  /**
   * Streams a snapshot from the first of {@code endpoints} that answers into {@code file} (which
   * must not exist); partial files are removed.
   *
   * @throws IOException if no endpoint delivered a verified copy (the last failure is the cause)
   */
  public static SnapshotMeta save(
      List<String> endpoints, Path file, LongConsumer progress, long timeoutMs) throws IOException {
    if (Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    IOException last = new IOException("no endpoint given");
    for (String endpoint : endpoints) {
      ManagedChannel channel =
          NettyChannelBuilder.forTarget(endpoint)
              .usePlaintext()
              .maxInboundMessageSize(MaintenanceService.CHUNK_BYTES + (64 << 10))
              .build();
      try {
        return SnapshotDownload.to(channel, file, progress, timeoutMs);
      } catch (IOException e) {
        last = new IOException(endpoint + ": " + e.getMessage(), e);
      } finally {
        channel.shutdownNow();
        try {
          channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    throw last;
  }

  /** Reads a backup file's revision, key count and applied index (from a temporary copy). */
  public static Status status(Path file) throws IOException {
    String sha = HexFormat.of().formatHex(SnapshotDownload.sha256Of(file));
    Path dir = Files.createTempDirectory("cairn-snapshot-status-");
    try {
      Files.copy(file, LmdbStore.dataFile(dir));
      try (LmdbStore store = LmdbStore.open(dir)) {
        TermIndexValue ti = store.appliedTermIndex();
        return new Status(store.revision(), store.keyCount(), ti.index(), Files.size(file), sha);
      }
    } finally {
      SnapshotDownload.deleteRecursively(dir);
    }
  }

  /**
   * Creates the data directory of one member of a NEW cluster from a backup: its store is the
   * backup (minus the old cluster's applied Raft index and client sessions) and it has no Raft log
   * yet; the node claims the directory for its id and cluster on first start. Run once per member,
   * then start every member with the same initial cluster.
   *
   * @throws IOException if {@code dataDir} exists and is not empty, or on I/O failure
   */
  public static Status restore(Path file, Path dataDir) throws IOException {
    if (Files.exists(dataDir)) {
      try (Stream<Path> children = Files.list(dataDir)) {
        if (children.findAny().isPresent()) {
          throw new IOException("data dir " + dataDir + " is not empty");
        }
      }
    }
    Status status = status(file);
    Path lmdb = dataDir.resolve(LMDB_DIR);
    Files.createDirectories(lmdb);
    Path data = LmdbStore.dataFile(lmdb);
    Path tmp = data.resolveSibling(data.getFileName() + ".restore");
    Files.copy(file, tmp);
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    try (LmdbStore store = LmdbStore.open(lmdb)) {
      store.resetForNewCluster();
    }
    return status;
  }
}
