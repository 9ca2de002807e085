package io.cairn.cli;

import io.cairn.cli.Cli.Run;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the command tests that share one in-process 3-node cluster per test class: started before
 * the class's first test, closed after its last (classes run one at a time).
 */
public abstract class ClusterCommandTest {
  @TempDir protected static Path tmp;
  protected static InProcessCluster cluster;
  protected static List<String> endpoints;

  @BeforeAll
  static void startCluster() {
    cluster = InProcessCluster.start(3, tmp);
    cluster.awaitLeaderReady();
    endpoints = cluster.clientEndpoints();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  /** Runs {@code cairn --endpoints <the cluster> args}. */
  protected static Run cairn(String... args) {
    return Cli.against(endpoints, args);
  }
}
