package io.cairn.server.replication;

import io.cairn.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Raft properties of a Cairn node (see notes/ratis.md §14 for the reasoning per key). */
public final class RatisProperties {
  private static final Logger LOG = LoggerFactory.getLogger(RatisProperties.class);
  private static final String RAFT_PREFIX = "raft.";

  private RatisProperties() {}

  /** Properties for a node storing its log under {@code ratisDir} and peering on host:port. */
  public static RaftProperties build(
      Path ratisDir, String peerHost, int peerPort, ServerConfig.Tunables t) {
    RaftProperties p = new RaftProperties();
    // Never the temp-dir default: the log must survive reboots next to the LMDB files.
    RaftServerConfigKeys.setStorageDir(p, List.of(ratisDir.toFile()));
    // The server binds from properties, not from its RaftPeer: keep them equal.
    GrpcConfigKeys.Server.setHost(p, peerHost);
    GrpcConfigKeys.Server.setPort(p, peerPort);
    // 1 s / 2 s: 3 JVMs on 2 cores churn with the 150/300 ms defaults. Heartbeat = min / 2.
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(t.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(t.electionTimeoutMax().toMillis()));
    // A faster first election only shortens startup; later elections use the values above.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(
        p, ms(t.firstElectionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(
        p, ms(t.firstElectionTimeoutMax().toMillis()));
    // ReadIndex reads on leader and followers; the lease closes the stale-read hole (§5.3).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    // Must outlast the client's retry budget; exactly-once itself rests on the LMDB sessions.
    RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.valueOf(300, TimeUnit.SECONDS));
    // The applied (term, index) lives in LMDB; metadata entries would double the fsyncs.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // Snapshots are the LMDB file itself; a laggard is notified and pulls a copy (never chunks).
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
    // Without auto snapshots takeSnapshot never runs and the log grows for ever.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, t.snapshotThreshold());
    // Purge up to the snapshot even past a stopped follower (it then catches up from a copy of
    // the leader's store), in steps of min(10k, threshold) entries, keeping that many behind the
    // snapshot for briefly slow followers. Whole closed segments only: segments are sized so a
    // snapshot interval spans a few of them (32 MiB, the default, in production).
    int gap = (int) Math.min(10_000, t.snapshotThreshold());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, gap);
    RaftServerConfigKeys.Log.setPurgePreservationLogNum(p, gap);
    long segment = Math.max(16 << 10, Math.min(32L << 20, t.snapshotThreshold() * 512));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(segment));
    RaftServerConfigKeys.Log.setPreallocatedSize(
        p, SizeInBytes.valueOf(Math.min(segment, 4L << 20)));
    // The appender sends new entries at once instead of at most one AppendEntries per 1 ms (the
    // 3.3.0 default): measured +9% single-put and +9-16% put throughput (docs/benchmarks.md).
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
    // A follower appends an AppendEntries' entries on the gRPC thread that received it, not via
    // the common pool and then the server pool (two hand-offs per entry; RATIS-2387/2505, and
    // Ozone's HDDS-14874 proposes the same). The stream delivers one request at a time, so the
    // order stays the log's.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    // Segment sizes, the 4 MB appender byte limit and the write element limit stay at their
    // defaults: the proposer never builds an entry above Limits.MAX_ENTRY_BYTES (3 MiB).
    overrides(p, System.getProperties());
    return p;
  }

  /**
   * Ratis's gRPC services on its peer port run their calls on the transport thread. By default
   * grpc-java hands every incoming AppendEntries to its cached pool: one thread wake-up more on a
   * follower's part of every write. The handlers only queue work (with append-entries compose off a
   * follower queues the entries for its log worker) or answer from memory; a vote persists the Raft
   * metadata, rare and short. Cairn runs no Ratis client, so the client and admin services that
   * share the port see no calls.
   */
  public static Parameters parameters() {
    Parameters params = new Parameters();
    GrpcConfigKeys.Server.setServicesCustomizer(
        params,
        (builder, types) ->
            types.contains(GrpcServices.Type.SERVER) ? builder.directExecutor() : builder);
    return params;
  }

  /**
   * Copies every {@code raft.*} entry of {@code source} over {@code p}: an operator's (or a
   * benchmark's) escape hatch to any Ratis key, e.g. {@code
   * -Draft.server.log.appender.wait-time.min=0ms}.
   */
  static void overrides(RaftProperties p, Properties source) {
    for (String key : source.stringPropertyNames()) {
      if (key.startsWith(RAFT_PREFIX)) {
        String value = source.getProperty(key);
        LOG.info("Ratis key {} = {} (set by system property)", key, value);
        p.set(key, value);
      }
    }
  }

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }
}
