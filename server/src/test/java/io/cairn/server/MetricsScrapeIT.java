package io.cairn.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.cairn.api.v1.CompactionRequest;
import io.cairn.api.v1.KVGrpc;
import io.cairn.api.v1.PutRequest;
import io.cairn.api.v1.PutResponse;
import io.cairn.api.v1.WatchCreateRequest;
import io.cairn.api.v1.WatchGrpc;
import io.cairn.api.v1.WatchRequest;
import io.cairn.api.v1.WatchResponse;
import io.cairn.server.testing.FirstReply;
import io.cairn.server.testing.InProcessCluster;
import io.cairn.server.watch.WatchRecorder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes /metrics of a live 3-node cluster and checks every line against the Prometheus text
 * format, the expected families and sane values; then /livez, /readyz and gRPC health, ready and
 * (with both peers stopped) not ready.
 */
class MetricsScrapeIT {
  private static final int PUTS = 20;

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void metricsHealthAndReadiness() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      CairnServer leader = cluster.awaitLeaderReady();
      int leaderPort = leader.serveMetrics("127.0.0.1", 0);
      CairnServer follower = cluster.followers().get(0);
      int followerPort = follower.serveMetrics("127.0.0.1", 0);

      KVGrpc.KVBlockingStub kv =
          KVGrpc.newBlockingStub(cluster.channel(leader.nodeId()))
              .withDeadlineAfter(30, TimeUnit.SECONDS);
      long revision = 0;
      for (int i = 0; i < PUTS; i++) {
        PutResponse put =
            kv.put(
                PutRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8("k" + i))
                    .setValue(ByteString.copyFromUtf8("v" + i))
                    .build());
        revision = put.getHeader().getRevision();
      }
      kv.compact(CompactionRequest.newBuilder().setRevision(revision - 1).build());

      // One stream with two watches.
      WatchRecorder watchResponses = new WatchRecorder();
      StreamObserver<WatchRequest> watchRequests =
          WatchGrpc.newStub(cluster.channel(leader.nodeId())).watch(watchResponses);
      for (String key : List.of("k0", "k1")) {
        watchRequests.onNext(
            WatchRequest.newBuilder()
                .setCreateRequest(
                    WatchCreateRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)))
                .build());
      }
      await()
          .until(
              () -> watchResponses.responses().stream().filter(WatchResponse::getCreated).count(),
              n -> n == 2);

      Scrape s = await().until(() -> scrape(leaderPort), sc -> sc.value("cairn_watchers", "") == 2);
      assertThat(s.families.keySet())
          .contains(
              "cairn_build_info",
              "cairn_raft_term",
              "cairn_raft_commit_index",
              "cairn_raft_applied_index",
              "cairn_raft_snapshot_index",
              "cairn_raft_is_leader",
              "cairn_raft_leader_changes_total",
              "cairn_proposals_pending",
              "cairn_proposer_entries_total",
              "cairn_proposer_commands_total",
              "cairn_proposer_caller_entries_total",
              "cairn_apply_duration_seconds",
              "cairn_mvcc_revision",
              "cairn_mvcc_compact_revision",
              "cairn_mvcc_compactions_total",
              "cairn_db_size_bytes",
              "cairn_db_free_pages",
              "cairn_leases",
              "cairn_watch_streams",
              "cairn_watchers",
              "cairn_ready",
              "cairn_grpc_requests_total",
              "cairn_grpc_request_duration_seconds",
              "cairn_ratis_log_flush_seconds",
              "cairn_ratis_log_fsync_seconds",
              "cairn_ratis_snapshot_seconds",
              "cairn_ratis_elections_total");
      assertThat(s.families.get("cairn_apply_duration_seconds")).isEqualTo("histogram");
      assertThat(s.families.get("cairn_grpc_requests_total")).isEqualTo("counter");
      assertThat(s.value("cairn_raft_term", "")).isGreaterThanOrEqualTo(1);
      assertThat(s.value("cairn_raft_is_leader", "")).isEqualTo(1);
      assertThat(s.value("cairn_raft_leader_changes_total", "")).isGreaterThanOrEqualTo(1);
      assertThat(s.value("cairn_raft_applied_index", "")).isGreaterThanOrEqualTo(PUTS);
      assertThat(s.value("cairn_raft_commit_index", ""))
          .isGreaterThanOrEqualTo(s.value("cairn_raft_applied_index", ""));
      assertThat(s.value("cairn_mvcc_revision", "")).isGreaterThanOrEqualTo(revision);
      assertThat(s.value("cairn_mvcc_compact_revision", "")).isEqualTo(revision - 1);
      assertThat(s.value("cairn_mvcc_compactions_total", "")).isGreaterThanOrEqualTo(1);
      assertThat(s.value("cairn_db_size_bytes", "")).isGreaterThan(0);
      assertThat(s.value("cairn_db_free_pages", ""))
          .isGreaterThanOrEqualTo(0)
          .isLessThan(s.value("cairn_db_size_bytes", "") / 4096);
      assertThat(s.value("cairn_watch_streams", "")).isEqualTo(1);
      assertThat(s.value("cairn_proposals_pending", "")).isGreaterThanOrEqualTo(0);
      assertThat(s.value("cairn_ready", "")).isEqualTo(1);
      assertThat(s.value("cairn_apply_duration_seconds_count", "")).isGreaterThanOrEqualTo(PUTS);
      String putLabels = "method=\"cairn.v1.KV/Put\",code=\"OK\"";
      assertThat(s.value("cairn_grpc_requests_total", putLabels)).isGreaterThanOrEqualTo(PUTS);
      assertThat(s.value("cairn_grpc_request_duration_seconds_count", "method=\"cairn.v1.KV/Put\""))
          .isGreaterThanOrEqualTo(PUTS);
      assertHistogramsConsistent(s);
      assertThat(s.value("cairn_ratis_log_flush_seconds_count", "")).isGreaterThan(0);

      watchRequests.onCompleted();
      await().until(() -> scrape(leaderPort).value("cairn_watchers", "") == 0);

      Scrape f = scrape(followerPort);
      assertThat(f.value("cairn_raft_is_leader", "")).isEqualTo(0);
      assertThat(f.value("cairn_raft_has_leader", "")).isEqualTo(1);
      assertThat(f.value("cairn_raft_term", "")).isEqualTo(s.value("cairn_raft_term", ""));

      assertThat(get(leaderPort, "/livez").statusCode()).isEqualTo(200);
      assertThat(get(leaderPort, "/readyz").statusCode()).isEqualTo(200);
      await().until(() -> get(followerPort, "/readyz").statusCode() == 200);
      HealthGrpc.HealthBlockingStub health =
          HealthGrpc.newBlockingStub(cluster.channel(follower.nodeId()));
      await()
          .until(
              () ->
                  health
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .check(HealthCheckRequest.newBuilder().setService("cairn.v1.KV").build())
                      .getStatus(),
              st -> st == ServingStatus.SERVING);

      // Alone, the follower loses its leader: live, but not ready.
      for (String id : cluster.ids()) {
        if (!id.equals(follower.nodeId())) {
          cluster.stop(id);
        }
      }
      await()
          .atMost(Duration.ofSeconds(40))
          .until(() -> get(followerPort, "/readyz").statusCode() == 503);
      assertThat(get(followerPort, "/readyz").body()).contains("no leader");
      assertThat(get(followerPort, "/livez").statusCode()).isEqualTo(200);
      await()
          .until(
              () ->
                  health
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .check(HealthCheckRequest.getDefaultInstance())
                      .getStatus(),
              st -> st == ServingStatus.NOT_SERVING);
      assertThat(scrape(followerPort).value("cairn_ready", "")).isEqualTo(0);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * A single writer's puts skip the proposer thread (the writer's thread submits each as a
   * one-command entry), while a burst of concurrent puts still shares entries.
   */
  @Test
  void proposerCountsLightLoadAndBatching() throws Exception {
    try (InProcessCluster cluster = InProcessCluster.start(3, tmp)) {
      CairnServer leader = cluster.awaitLeaderReady();
      int port = leader.serveMetrics("127.0.0.1", 0);
      KVGrpc.KVBlockingStub kv =
          KVGrpc.newBlockingStub(cluster.channel(leader.nodeId()))
              .withDeadlineAfter(30, TimeUnit.SECONDS);
      Scrape before = scrape(port);
      for (int i = 0; i < PUTS; i++) {
        kv.put(put("single" + i));
      }
      Scrape single = scrape(port);
      assertThat(delta(before, single, "cairn_proposer_commands_total"))
          .isGreaterThanOrEqualTo(PUTS);
      assertThat(delta(before, single, "cairn_proposer_caller_entries_total"))
          .isGreaterThanOrEqualTo(PUTS / 2.0);

      int burst = 200;
      KVGrpc.KVStub async = KVGrpc.newStub(cluster.channel(leader.nodeId()));
      List<CompletableFuture<PutResponse>> puts = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        FirstReply<PutResponse> reply = new FirstReply<>();
        async.withDeadlineAfter(30, TimeUnit.SECONDS).put(put("burst" + i), reply);
        puts.add(reply.future());
      }
      CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      Scrape after = scrape(port);
      double commands = delta(single, after, "cairn_proposer_commands_total");
      assertThat(commands).isGreaterThanOrEqualTo(burst);
      assertThat(delta(single, after, "cairn_proposer_entries_total")).isLessThan(commands / 2);
    }
  }

  private static PutRequest put(String key) {
    return PutRequest.newBuilder()
        .setKey(ByteString.copyFromUtf8(key))
        .setValue(ByteString.copyFromUtf8("v"))
        .build();
  }

  private static double delta(Scrape from, Scrape to, String counter) {
    return to.value(counter, "") - from.value(counter, "");
  }

  private Scrape scrape(int port) throws Exception {
    HttpResponse<String> r = get(port, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    return Scrape.parse(r.body());
  }

  /** Buckets are cumulative and the +Inf bucket equals _count, for every histogram series. */
  private static void assertHistogramsConsistent(Scrape s) {
    s.families.forEach(
        (family, type) -> {
          if (!type.equals("histogram")) {
            return;
          }
          Map<String, List<Double>> bucketsBySeries = new LinkedHashMap<>();
          for (Sample x : s.samples) {
            if (x.name.equals(family + "_bucket")) {
              String series = x.labels.replaceAll(",?le=\"[^\"]*\"", "");
              bucketsBySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(x.value);
            }
          }
          assertThat(bucketsBySeries).as(family).isNotEmpty();
          bucketsBySeries.forEach(
              (series, counts) -> {
                assertThat(counts).as(family + series).isSorted();
                assertThat(counts.get(counts.size() - 1))
                    .as(family + series + " +Inf")
                    .isEqualTo(s.value(family + "_count", series));
              });
        });
  }

  private record Sample(String name, String labels, double value) {}

  /** A strict little parser of the Prometheus text format, enough for what a node writes. */
  private static final class Scrape {
    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
    private static final Pattern TYPE =
        Pattern.compile(
            "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE =
        Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)"
                + "(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})?"
                + " (NaN|[+-]Inf|-?[0-9.]+(?:[eE][+-]?[0-9]+)?)");

    final Map<String, String> families = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static Scrape parse(String text) {
      Scrape s = new Scrape();
      String family = null;
      for (String line : text.split("\n")) {
        Matcher m;
        if ((m = HELP.matcher(line)).matches()) {
          family = m.group(1);
        } else if ((m = TYPE.matcher(line)).matches()) {
          assertThat(m.group(1)).as("TYPE follows its HELP").isEqualTo(family);
          assertThat(s.families.put(m.group(1), m.group(2)))
              .as("family " + family + " once")
              .isNull();
        } else if ((m = SAMPLE.matcher(line)).matches()) {
          String name = m.group(1);
          assertThat(name)
              .as("sample of the current family")
              .isIn(family, family + "_bucket", family + "_sum", family + "_count");
          String labels = m.group(2) == null ? "" : m.group(2);
          s.samples.add(new Sample(name, labels, parseValue(m.group(3))));
        } else {
          throw new AssertionError("not Prometheus text format: '" + line + "'");
        }
      }
      return s;
    }

    private static double parseValue(String v) {
      return switch (v) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.parseDouble(v);
      };
    }

    double value(String name, String labels) {
      return samples.stream()
          .filter(x -> x.name.equals(name) && x.labels.equals(labels))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no sample " + name + "{" + labels + "}"))
          .value;
    }
  }
}
