package io.cairn.server.replication;

import io.cairn.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.TimeDuration;

/** The Raft properties of a Cairn node (see notes/ratis.md §14 for the reasoning per key). */
public final class RatisProperties {
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
    // Purge in steps of 10k entries, whole segments only; keep the log for slow followers.
    RaftServerConfigKeys.Log.setPurgeGap(p, 10_000);
    // Segment sizes, the 4 MB appender byte limit and the write element limit stay at their
    // defaults: the proposer never builds an entry above Limits.MAX_ENTRY_BYTES (3 MiB).
    return p;
  }

  private static TimeDuration ms(long millis) {
    return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
  }
}
