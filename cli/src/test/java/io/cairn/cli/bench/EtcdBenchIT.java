package io.cairn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ExitCode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn bench --target etcd} against one real etcd member (Debian's etcd-server; .ci/run
 * installs it) on free loopback ports in a temp dir.
 */
class EtcdBenchIT {
  @TempDir static Path tmp;
  static Process etcd;
  static String endpoint;

  @BeforeAll
  static void startEtcd() throws Exception {
    String binary = onPath("etcd");
    if (binary == null) {
      fail(
          "etcd is not on PATH: install it with 'apt-get install -y etcd-server etcd-client'"
              + " (.ci/run does)");
    }
    int client = freePort();
    int peer = freePort();
    endpoint = "127.0.0.1:" + client;
    String peerUrl = "http://127.0.0.1:" + peer;
    ProcessBuilder pb =
        new ProcessBuilder(
            binary,
            "--logger=zap",
            "--name",
            "s1",
            "--data-dir",
            tmp.resolve("s1").toString(),
            "--listen-client-urls",
            "http://" + endpoint,
            "--advertise-client-urls",
            "http://" + endpoint,
            "--listen-peer-urls",
            peerUrl,
            "--initial-advertise-peer-urls",
            peerUrl,
            "--initial-cluster",
            "s1=" + peerUrl,
            "--initial-cluster-state",
            "new");
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("etcd.log").toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    etcd = pb.start();
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !etcd.isAlive() || healthy());
    assertThat(etcd.isAlive()).as("etcd exited; see " + tmp.resolve("etcd.log")).isTrue();
  }

  @AfterAll
  static void stopEtcd() throws Exception {
    if (etcd != null) {
      etcd.destroy();
      if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
        etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** {@code cairn --endpoints <etcd> bench OP --target etcd ARGS --warmup 0 -o json}. */
  private static Run etcdBench(String op, String... args) {
    List<String> all =
        new ArrayList<>(List.of("--endpoints", endpoint, "bench", op, "--target", "etcd"));
    all.addAll(List.of(args));
    all.addAll(List.of("--warmup", "0", "-o", "json"));
    return Cli.run(all.toArray(new String[0]));
  }

  @Test
  void putThenGetAgainstEtcd() throws Exception {
    Run put = etcdBench("put", "--total", "200");
    assertThat(put.exit()).as(put.err()).isEqualTo(ExitCode.OK);
    JsonNode p = new ObjectMapper().readTree(put.out());
    assertThat(p.get("target").asText()).isEqualTo("etcd");
    assertThat(p.get("ok").asLong()).isEqualTo(200);
    assertThat(p.get("errors").asLong()).isZero();

    Run get = etcdBench("get", "--total", "200", "--consistency", "serializable");
    assertThat(get.exit()).as(get.err()).isEqualTo(ExitCode.OK);
    JsonNode g = new ObjectMapper().readTree(get.out());
    assertThat(g.get("ok").asLong()).isEqualTo(200);
    assertThat(g.get("consistency").asText()).isEqualTo("serializable");

    Run verify = etcdBench("put", "--verify", "--total", "100");
    assertThat(verify.exit()).as(verify.err()).isEqualTo(ExitCode.OK);
    JsonNode v = new ObjectMapper().readTree(verify.out());
    assertThat(v.get("count").asLong()).isEqualTo(100);
    assertThat(v.get("verified").asBoolean()).isTrue();
  }

  @Test
  void txnMixedAndWatchAgainstEtcd() throws Exception {
    for (String op : List.of("txn", "mixed", "watch")) {
      Run r = etcdBench(op, "--total", "60", "--watchers", "2");
      assertThat(r.exit()).as(op + ": " + r.err()).isEqualTo(ExitCode.OK);
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertThat(j.get("op").asText()).isEqualTo(op);
      assertThat(j.get("ok").asLong()).as(op).isEqualTo(60);
      assertThat(j.get("errors").asLong()).as(op).isZero();
    }
  }

  private static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** etcd's /health says true once the member has a leader and serves requests. */
  private static boolean healthy() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://" + endpoint + "/health"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 && r.body().contains("\"health\":\"true\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
