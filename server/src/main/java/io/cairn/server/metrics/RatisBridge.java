package io.cairn.server.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.Snapshot;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Re-exports a few of this node's Ratis metrics (dropwizard timers and counters in Ratis's global
 * registries, one registry per member and component) under Cairn names. Timers become summaries
 * with median and p99 in seconds; a metric Ratis has not created yet is reported as zero.
 */
final class RatisBridge {
  private record Bridged(String component, String ratisName, String name, String help) {}

  private static final List<Bridged> TIMERS =
      List.of(
          new Bridged(
              "log_worker", "flushTime", "cairn_ratis_log_flush_seconds", "Raft log flushes."),
          new Bridged(
              "log_worker", "syncTime", "cairn_ratis_log_fsync_seconds", "Raft log fsyncs."),
          new Bridged(
              "log_worker",
              "appendEntryLatency",
              "cairn_ratis_log_append_seconds",
              "Raft log appends, queue to write."),
          new Bridged(
              "log_worker",
              "purgeLog",
              "cairn_ratis_log_purge_seconds",
              "Raft log purges after a snapshot."),
          new Bridged(
              "state_machine",
              "takeSnapshot",
              "cairn_ratis_snapshot_seconds",
              "Snapshots taken (LMDB sync before a log purge)."),
          new Bridged(
              "leader_election",
              "electionTime",
              "cairn_ratis_election_seconds",
              "Elections this member ran as a candidate."));

  private static final List<Bridged> COUNTERS =
      List.of(
          new Bridged(
              "leader_election",
              "electionCount",
              "cairn_ratis_elections_total",
              "Elections this member started."),
          new Bridged(
              "leader_election",
              "timeoutCount",
              "cairn_ratis_election_timeouts_total",
              "Elections this member started that timed out."));

  private final String memberPrefix;

  /** Bridges the metrics of member {@code memberId} (registries are shared by every node). */
  RatisBridge(String memberId) {
    this.memberPrefix = memberId + "@";
  }

  void write(MetricsText out) {
    for (Bridged b : TIMERS) {
      out.family(b.name(), "summary", b.help() + " Bridged from Ratis " + b.ratisName() + ".");
      Metric m = find(b);
      long count = 0;
      if (m instanceof Timer t) {
        Snapshot s = t.getSnapshot();
        out.sample(b.name(), "quantile=\"0.5\"", seconds(s.getMedian()));
        out.sample(b.name(), "quantile=\"0.99\"", seconds(s.get99thPercentile()));
        count = t.getCount();
      }
      out.sample(b.name() + "_count", "", count);
    }
    for (Bridged b : COUNTERS) {
      Metric m = find(b);
      out.single(
          b.name(),
          "counter",
          b.help() + " Bridged from Ratis " + b.ratisName() + ".",
          m instanceof Counter c ? c.getCount() : 0);
    }
  }

  private Metric find(Bridged b) {
    for (RatisMetricRegistry r : MetricRegistries.global().getMetricRegistries()) {
      var info = r.getMetricRegistryInfo();
      if (!info.getMetricsComponentName().equals(b.component())
          || !info.getPrefix().startsWith(memberPrefix)
          || !(r instanceof RatisMetricRegistryImpl impl)) {
        continue;
      }
      for (var e : impl.getDropWizardMetricRegistry().getMetrics().entrySet()) {
        if (e.getKey().endsWith("." + b.ratisName())) {
          return e.getValue();
        }
      }
    }
    return null;
  }

  private static double seconds(double nanos) {
    return nanos / TimeUnit.SECONDS.toNanos(1);
  }
}
