package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.GetOptions;
import io.cairn.client.KeyValue;
import io.cairn.client.Member;
import io.cairn.client.ReadConsistency;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node joins a cluster that has never been written to: the leader has no snapshot and an empty
 * store, so the joiner must catch up from the log instead of waiting for an install that never
 * ends.
 */
class JoinEmptyClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final GetOptions LOCAL =
      GetOptions.builder().consistency(ReadConsistency.SERIALIZABLE).build();

  @TempDir Path tmp;

  @Test
  void aLearnerJoiningANeverWrittenClusterCatchesUpServesAndIsPromoted() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      ServerConfig n4Config =
          MembershipIT.joinerConfig("n4", tmp.resolve("n4"), cluster.config("n1").initialCluster());
      try (CairnServer n4 = CairnServer.startJoining(n4Config);
          CairnClient viaN4 =
              CairnClient.builder().endpoints(n4Config.self().clientAddress()).build()) {
        BlockingCairnClient admin = cluster.client().blocking();
        assertThat(
                admin
                    .addLearner(
                        "n4", n4Config.self().peerAddress(), n4Config.self().clientAddress())
                    .members())
            .extracting(Member::id)
            .contains("n4");

        // Caught up: n4 applied what the leader applied.
        await()
            .atMost(WAIT)
            .until(
                () ->
                    n4.appliedIndex() >= 0 && n4.appliedIndex() >= cluster.leader().appliedIndex());

        // The first write reaches it.
        admin.put(Bytes.utf8("first"), Bytes.utf8("v1"));
        long afterFirst = cluster.leader().appliedIndex();
        await().atMost(WAIT).until(() -> n4.appliedIndex() >= afterFirst);

        // As a voter it serves reads (a Ratis listener answers none), and later writes show on it.
        assertThat(admin.promoteMember("n4").members())
            .filteredOn(m -> m.id().equals("n4"))
            .extracting(Member::role)
            .containsExactly("FOLLOWER");
        admin.put(Bytes.utf8("second"), Bytes.utf8("v2"));
        await().atMost(WAIT).until(() -> localValue(viaN4, "first").equals(Optional.of("v1")));
        await().atMost(WAIT).until(() -> localValue(viaN4, "second").equals(Optional.of("v2")));
      }
    }
  }

  private static Optional<String> localValue(CairnClient client, String key) {
    try {
      return client
          .blocking()
          .get(Bytes.utf8(key), LOCAL)
          .first()
          .map(KeyValue::value)
          .map(Bytes::toUtf8);
    } catch (CairnException e) {
      return Optional.empty(); // not serving yet
    }
  }
}
