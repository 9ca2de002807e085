package io.cairn.server.maintenance;

import io.cairn.statemachine.ratis.SnapshotSource;
import io.cairn.statemachine.store.LmdbStore;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pulls the leader's store over its {@code Maintenance.Snapshot} stream on its client port. */
public final class LeaderSnapshotSource implements SnapshotSource {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderSnapshotSource.class);

  /** A whole transfer must finish within this; a retry starts over. */
  private static final long TRANSFER_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(30);

  private final String memberId;
  private final Function<String, Optional<String>> clientAddressOf;

  /**
   * @param clientAddressOf member id to its Cairn client address (host:port)
   */
  public LeaderSnapshotSource(String memberId, Function<String, Optional<String>> clientAddressOf) {
    this.memberId = memberId;
    this.clientAddressOf = clientAddressOf;
  }

  @Override
  public void fetch(String leaderId, Path target) throws IOException {
    String address =
        clientAddressOf
            .apply(leaderId)
            .orElseThrow(() -> new IOException("no client address known for " + leaderId));
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(address)
            .usePlaintext()
            .maxInboundMessageSize(MaintenanceService.CHUNK_BYTES + (64 << 10))
            .build();
    try {
      SnapshotMeta meta =
          SnapshotDownload.to(
              channel, LmdbStore.dataFile(target), bytes -> {}, TRANSFER_TIMEOUT_MS);
      LOG.info(
          "[{}] pulled {} bytes from {} at index {}, sha256 {}",
          memberId,
          meta.size(),
          leaderId,
          meta.appliedIndex(),
          meta.sha256Hex());
    } finally {
      channel.shutdownNow();
    }
  }
}
