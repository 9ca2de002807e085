package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.BlockingCairnClient;
import io.cairn.client.Bytes;
import io.cairn.client.CairnClient;
import io.cairn.client.KeyValue;
import io.cairn.client.PutResult;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader stops: writes resume under a new leader and every acknowledged write is readable. */
class FailoverIT {
  @TempDir Path tmp;

  @Test
  void writesResumeAfterTheLeaderStopsAndAcknowledgedWritesSurvive() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      String oldLeader = cluster.awaitLeaderReady().nodeId();
      CairnClient client = cluster.client();
      BlockingCairnClient blocking = client.blocking();
      Map<String, String> acknowledged = new LinkedHashMap<>();
      for (int i = 0; i < 20; i++) {
        blocking.put(Bytes.utf8("before/" + i), Bytes.utf8("v" + i));
        acknowledged.put("before/" + i, "v" + i);
      }

      // Writes in flight while the leader goes away: each either acks or fails, none hangs.
      List<CompletableFuture<PutResult>> inFlight = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        inFlight.add(client.put(Bytes.utf8("during/" + i), Bytes.utf8("v" + i)));
      }
      cluster.stop(oldLeader);
      for (int i = 0; i < inFlight.size(); i++) {
        try {
          inFlight.get(i).get(60, TimeUnit.SECONDS);
          acknowledged.put("during/" + i, "v" + i);
        } catch (java.util.concurrent.ExecutionException e) {
          // not acknowledged: may or may not have applied, so it is not checked
        }
      }

      String newLeader = cluster.awaitLeaderReady().nodeId();
      assertThat(newLeader).isNotEqualTo(oldLeader);
      for (int i = 0; i < 20; i++) {
        blocking.put(Bytes.utf8("after/" + i), Bytes.utf8("v" + i));
        acknowledged.put("after/" + i, "v" + i);
      }

      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        KeyValue kv = blocking.get(Bytes.utf8(e.getKey())).first().orElseThrow();
        assertThat(kv.value().toUtf8()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(kv.version()).as(e.getKey()).isEqualTo(1);
      }
    }
  }
}
