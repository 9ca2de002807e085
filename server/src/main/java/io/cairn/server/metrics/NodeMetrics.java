package io.cairn.server.metrics;

import io.cairn.statemachine.proto.Event;
import io.cairn.statemachine.ratis.StateListener;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric family of one node. Gauges are read from {@link Sources} at scrape time; apply
 * durations and compactions are heard as a state-machine listener (register it with the state
 * machine); RPCs are counted by {@link #rpc()} (install it as a gRPC server interceptor).
 */
public final class NodeMetrics implements StateListener {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);

  /**
   * Where the gauges come from; each is read once per scrape, from the scraping thread. A source
   * that throws (e.g. while a snapshot is being installed) is reported as NaN.
   */
  public record Sources(
      LongSupplier term,
      LongSupplier commitIndex,
      LongSupplier appliedIndex,
      LongSupplier snapshotIndex,
      LongSupplier isLeader,
      LongSupplier hasLeader,
      LongSupplier leaderChanges,
      LongSupplier ready,
      LongSupplier pendingProposals,
      LongSupplier proposedEntries,
      LongSupplier proposedCommands,
      LongSupplier callerProposedEntries,
      LongSupplier revision,
      LongSupplier compactRevision,
      LongSupplier dbSizeBytes,
      LongSupplier dbFreePages,
      LongSupplier leases,
      LongSupplier watchStreams,
      LongSupplier watchers) {}

  private final String id;
  private final String version;
  private final RpcMetrics rpc = new RpcMetrics();
  private final RatisBridge ratis;
  private final Histogram apply = Histogram.latency();
  private final LongAdder compactions = new LongAdder();
  private volatile Sources sources;

  public NodeMetrics(String id, String version) {
    this.id = id;
    this.version = version;
    this.ratis = new RatisBridge(id);
  }

  /** Sets the gauge sources (once the node's parts exist). */
  public void bind(Sources sources) {
    this.sources = sources;
  }

  public RpcMetrics rpc() {
    return rpc;
  }

  @Override
  public void applied(long applyNanos) {
    apply.observeNanos(applyNanos);
  }

  @Override
  public void committed(long revision, List<Event> events) {}

  @Override
  public void compacted(long compactRevision) {
    compactions.increment();
  }

  /** The whole exposition, in the Prometheus text format. */
  public String scrape() {
    MetricsText out = new MetricsText();
    out.family("cairn_build_info", "gauge", "Always 1; the labels say which node and version.")
        .sample(
            "cairn_build_info",
            MetricsText.label("member", id) + "," + MetricsText.label("version", version),
            1);
    Sources s = sources;
    if (s != null) {
      gauge(out, "cairn_raft_term", "Current Raft term.", s.term());
      gauge(
          out, "cairn_raft_commit_index", "Last Raft log index known committed.", s.commitIndex());
      gauge(out, "cairn_raft_applied_index", "Last Raft log index applied.", s.appliedIndex());
      gauge(
          out,
          "cairn_raft_snapshot_index",
          "Raft log index of the latest snapshot (-1 for none).",
          s.snapshotIndex());
      gauge(out, "cairn_raft_is_leader", "1 when this member is the leader.", s.isLeader());
      gauge(out, "cairn_raft_has_leader", "1 when this member knows a leader.", s.hasLeader());
      counter(
          out,
          "cairn_raft_leader_changes_total",
          "Leader changes this member has seen since it started.",
          s.leaderChanges());
      gauge(out, "cairn_ready", "1 when /readyz answers 200.", s.ready());
      gauge(
          out,
          "cairn_proposals_pending",
          "Write commands queued on this member, not yet in a Raft entry.",
          s.pendingProposals());
      counter(
          out,
          "cairn_proposer_entries_total",
          "Raft entries this member's proposer submitted; each carries one or more write commands.",
          s.proposedEntries());
      counter(
          out,
          "cairn_proposer_commands_total",
          "Write commands in those entries (commands / entries: how much writes batch).",
          s.proposedCommands());
      counter(
          out,
          "cairn_proposer_caller_entries_total",
          "Of those entries, the ones a writer's own thread submitted under light load.",
          s.callerProposedEntries());
      gauge(out, "cairn_mvcc_revision", "Current store revision.", s.revision());
      gauge(
          out,
          "cairn_mvcc_compact_revision",
          "Revision at or below which history is compacted (0 for none).",
          s.compactRevision());
      gauge(out, "cairn_db_size_bytes", "Bytes of the LMDB map in use.", s.dbSizeBytes());
      gauge(
          out,
          "cairn_db_free_pages",
          "LMDB pages (4 KiB) in the data file that hold no live data: reused by later writes,"
              + " returned to the file system by cairn defrag.",
          s.dbFreePages());
      gauge(
          out,
          "cairn_leases",
          "Leases tracked for expiry (non-zero only on the leader).",
          s.leases());
      gauge(out, "cairn_watch_streams", "Watch streams open on this member.", s.watchStreams());
      gauge(
          out,
          "cairn_watchers",
          "Watches open on this member (a stream carries any number).",
          s.watchers());
    }
    out.family(
        "cairn_apply_duration_seconds",
        "histogram",
        "Time to apply one Raft entry to LMDB (one write transaction).");
    apply.write(out, "cairn_apply_duration_seconds", "");
    out.single(
        "cairn_mvcc_compactions_total",
        "counter",
        "History compactions applied since start.",
        compactions.sum());
    rpc.write(out);
    try {
      ratis.write(out);
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("[{}] Ratis metrics unavailable: {}", id, e.toString());
    }
    return out.toString();
  }

  private void gauge(MetricsText out, String name, String help, LongSupplier value) {
    out.single(name, "gauge", help, read(value));
  }

  private void counter(MetricsText out, String name, String help, LongSupplier value) {
    out.single(name, "counter", help, read(value));
  }

  private double read(LongSupplier value) {
    try {
      return value.getAsLong();
    } catch (RuntimeException e) {
      LOG.debug("[{}] metric source failed: {}", id, e.toString());
      return Double.NaN;
    }
  }
}
