package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.RangeRequest;
import io.cairn.server.testing.GrpcErrors;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader compacts on its own by a revision retention. */
class CompactAutoIT {
  @TempDir Path tmp;

  @Test
  void theLeaderKeepsOnlyTheRetainedRevisions() {
    try (InProcessCluster cluster =
        InProcessCluster.start(
            1,
            tmp,
            InProcessCluster.TEST_TUNABLES.withAutoCompactionRetention(
                ServerConfig.Retention.parse("10")))) {
      KVGrpc.KVBlockingStub kv =
          KVGrpc.newBlockingStub(cluster.channel(cluster.awaitLeaderReady().nodeId()))
              .withDeadlineAfter(30, TimeUnit.SECONDS);
      long last = 0;
      for (int i = 0; i < 30; i++) {
        last =
            kv.put(
                    PutRequest.newBuilder()
                        .setKey(ByteString.copyFromUtf8("auto"))
                        .setValue(ByteString.copyFromUtf8("v" + i))
                        .build())
                .getHeader()
                .getRevision();
      }
      long current = last;
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () ->
                              kv.range(
                                  RangeRequest.newBuilder()
                                      .setKey(ByteString.copyFromUtf8("auto"))
                                      .setRevision(1)
                                      .build()))
                      .satisfies(e -> assertThat(GrpcErrors.reason(e)).isEqualTo("COMPACTED")));
      // the last ten revisions stay readable
      assertThat(
              kv.range(
                      RangeRequest.newBuilder()
                          .setKey(ByteString.copyFromUtf8("auto"))
                          .setRevision(current - 9)
                          .build())
                  .getKvs(0)
                  .getValue()
                  .toStringUtf8())
          .isEqualTo("v20");
    }
  }
}
