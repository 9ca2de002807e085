package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.GetResult;
import io.cairn.client.PutResult;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A linearizable read served by a follower sees the latest acknowledged write. */
class FollowerReadIT {
  @TempDir Path tmp;

  @Test
  void linearizableReadThroughAFollowerSeesTheLatestWrite() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      String follower = cluster.followers().get(0).nodeId();
      await().until(() -> cluster.server(follower).leaderId().isPresent());
      BlockingCairnClient writer = cluster.client().blocking();
      BlockingCairnClient followerOnly = cluster.client(follower).blocking();
      Bytes key = Bytes.utf8("lin/k");

      for (int i = 0; i < 25; i++) {
        PutResult put = writer.put(key, Bytes.utf8("v" + i));
        GetResult read = followerOnly.get(key);
        assertThat(read.header().memberId()).isEqualTo(follower);
        assertThat(read.first().orElseThrow().value().toUtf8()).isEqualTo("v" + i);
        assertThat(read.header().revision()).isGreaterThanOrEqualTo(put.header().revision());
      }
    }
  }

  @Test
  void readThroughAFollowerRightAfterTheLeaderDiesAnswersOnceANewLeaderIsUp() {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      cluster.awaitLeaderReady();
      String follower = cluster.followers().get(0).nodeId();
      await().until(() -> cluster.server(follower).leaderId().isPresent());
      Bytes key = Bytes.utf8("lin/failover");
      PutResult put = cluster.client().blocking().put(key, Bytes.utf8("acked"));

      cluster.stop(cluster.leader().nodeId());
      // The follower's read-index request to the dead leader fails; that must surface as a
      // retryable UNAVAILABLE (not INTERNAL), so the client keeps trying until a new leader
      // confirms the read.
      GetResult read = cluster.client(follower).blocking().get(key);

      assertThat(read.header().memberId()).isEqualTo(follower);
      assertThat(read.first().orElseThrow().value().toUtf8()).isEqualTo("acked");
      assertThat(read.header().revision()).isGreaterThanOrEqualTo(put.header().revision());
    }
  }
}
