package io.cairn.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * A node's data directory: {@code ratis/} (Raft log), {@code lmdb/} (store) and {@code cairn.meta},
 * which binds the directory to one node id of one cluster so that a misconfigured node never joins
 * with someone else's state.
 */
final class DataDirectory {
  static final String META_FILE = "cairn.meta";

  private DataDirectory() {}

  /** Creates the directory or checks that it belongs to this node and cluster. */
  static void claim(Path dataDir, String nodeId, String clusterToken) {
    Path meta = dataDir.resolve(META_FILE);
    try {
      Files.createDirectories(dataDir);
      if (Files.exists(meta)) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
          p.load(r);
        }
        String id = p.getProperty("node.id");
        String token = p.getProperty("cluster.token");
        if (!nodeId.equals(id) || !clusterToken.equals(token)) {
          throw new IllegalArgumentException(
              "data dir " + dataDir + " belongs to node " + id + " of cluster " + token);
        }
        return;
      }
      Properties p = new Properties();
      p.setProperty("node.id", nodeId);
      p.setProperty("cluster.token", clusterToken);
      Path tmp = dataDir.resolve(META_FILE + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "Cairn data directory identity; do not edit");
      }
      Files.move(tmp, meta, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use data dir " + dataDir + ": " + e.getMessage(), e);
    }
  }

  static Path ratisDir(Path dataDir) {
    return dataDir.resolve("ratis");
  }

  static Path lmdbDir(Path dataDir) {
    return dataDir.resolve("lmdb");
  }
}
