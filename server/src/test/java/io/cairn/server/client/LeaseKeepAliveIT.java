package io.cairn.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.CairnLeaseNotFoundException;
import io.cairn.client.LeaseGrantResult;
import io.cairn.client.LeaseKeeper;
import io.cairn.client.PutOptions;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases through the client: kept alive across a failover, expired when not. */
class LeaseKeepAliveIT {
  @TempDir Path tmp;

  @Test
  void aLeaseKeptAliveSurvivesALeaderFailover() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      String leader = cluster.awaitLeaderReady().nodeId();
      CairnClient client = cluster.client();
      BlockingCairnClient blocking = client.blocking();
      LeaseGrantResult lease = blocking.leaseGrant(3);
      Bytes key = Bytes.utf8("leased/alive");
      blocking.put(key, Bytes.utf8("v"), PutOptions.builder().lease(lease.id()).build());
      try (LeaseKeeper keeper = client.keepAlive(lease.id())) {
        await().until(() -> keeper.ttl() > 0);
        cluster.stop(leader);
        cluster.awaitLeaderReady();
        // Well past the TTL, under the new leader: still there.
        await()
            .during(Duration.ofSeconds(6))
            .atMost(Duration.ofSeconds(30))
            .until(() -> blocking.get(key).first().isPresent());
        assertThat(keeper.lost()).isNotDone();
        assertThat(blocking.get(key).first().orElseThrow().lease()).isEqualTo(lease.id());
        assertThat(blocking.leaseTimeToLive(lease.id(), true).keys()).containsExactly(key);
      }
    }
  }

  @Test
  void aLeaseNotKeptAliveExpiresAndItsKeysVanish() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      BlockingCairnClient blocking = cluster.client().blocking();
      LeaseGrantResult lease = blocking.leaseGrant(2);
      Bytes a = Bytes.utf8("leased/a");
      Bytes b = Bytes.utf8("leased/b");
      blocking.put(a, Bytes.utf8("1"), PutOptions.builder().lease(lease.id()).build());
      blocking.put(b, Bytes.utf8("2"), PutOptions.builder().lease(lease.id()).build());
      assertThat(blocking.leases().ids()).contains(lease.id());

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> blocking.get(a).first().isEmpty() && blocking.get(b).first().isEmpty());
      assertThat(blocking.leases().ids()).doesNotContain(lease.id());
      try {
        assertThat(blocking.leaseTimeToLive(lease.id(), false).exists()).isFalse();
      } catch (CairnLeaseNotFoundException expected) {
        // the server may answer a missing lease either way (ttl -1 or LEASE_NOT_FOUND)
      }
    }
  }
}
