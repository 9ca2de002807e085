package io.cairn.jepsen.run;

import io.cairn.client.CairnClient;
import io.cairn.client.ReadConsistency;
import io.cairn.jepsen.client.ClusterClients;
import io.cairn.jepsen.client.Pacer;
import io.cairn.jepsen.client.Recorder;
import io.cairn.jepsen.client.Worker;
import io.cairn.jepsen.cluster.LoopbackNetwork;
import io.cairn.jepsen.cluster.NetnsNetwork;
import io.cairn.jepsen.cluster.Network;
import io.cairn.jepsen.cluster.ProcessCluster;
import io.cairn.jepsen.cluster.ProxyNetwork;
import io.cairn.jepsen.history.HistoryWriter;
import io.cairn.jepsen.history.Op;
import io.cairn.jepsen.nemesis.Fault;
import io.cairn.jepsen.nemesis.FaultWindow;
import io.cairn.jepsen.nemesis.Nemesis;
import io.cairn.jepsen.report.HtmlReport;
import io.cairn.jepsen.report.ResultsJson;
import io.cairn.jepsen.workload.CheckReport;
import io.cairn.jepsen.workload.Request;
import io.cairn.jepsen.workload.Validity;
import io.cairn.jepsen.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one test end to end; see the package doc. */
public final class JepsenRun {
  private static final Logger LOG = LoggerFactory.getLogger(JepsenRun.class);

  /** What {@code faults_available.partition} says for the proxy network. */
  public static final String PROXY_PARTITIONS =
      "proxy: every shape, Raft peer links only (a TCP proxy per directed link holds cut bytes"
          + " until the heal)";

  private final RunOptions o;
  private final PrintWriter progress;

  public JepsenRun(RunOptions options, PrintWriter progress) {
    this.o = options;
    this.progress = progress;
  }

  public RunResult execute() throws IOException, InterruptedException {
    String runId =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + o.workload()
            + "-s"
            + o.seed();
    Path dir = o.out().resolve(runId).toAbsolutePath();
    Files.createDirectories(dir);
    Workload workload = Workload.byName(o.workload(), o.concurrency(), o.opsPerKey());

    Map<String, Object> available = new LinkedHashMap<>();
    available.put("kill", true);
    available.put("pause", true);
    available.put("member", true);
    available.put("clock", "not implemented: node processes share the kernel clock");
    Network network = chooseNetwork(runId, available);
    List<Fault> faults = new ArrayList<>(o.nemesis());
    if (!network.canPartition() && faults.remove(Fault.PARTITION)) {
      progress.printf(
          "partition is not available (%s); running without it%n", available.get("partition"));
    }

    ProcessCluster cluster = new ProcessCluster(runId, dir, o.cairn(), network, o.nodes());
    Thread hook = new Thread(() -> closeQuietly(cluster, network), "jepsen-cleanup-" + runId);
    Runtime.getRuntime().addShutdownHook(hook);
    List<Op> history;
    List<FaultWindow> windows;
    long endNanos;
    try {
      network.setUp(cluster.nodes());
      cluster.startAll();
      cluster.awaitReady(Duration.ofSeconds(120));
      progress.printf(
          "run %s: %d nodes on %s (%s), %s for %d s, nemesis %s%n",
          runId,
          o.nodes(),
          network.name(),
          String.join(",", cluster.endpoints()),
          o.workload(),
          o.time().toSeconds(),
          faults);
      progress.flush();
      ReadConsistency consistency =
          o.unsafeSerializableReads() ? ReadConsistency.SERIALIZABLE : ReadConsistency.LINEARIZABLE;
      try (ClusterClients clients =
              new ClusterClients(cluster.endpoints(), o.opTimeout(), consistency);
          CairnClient statusClient =
              CairnClient.builder()
                  .endpoints(cluster.endpoints())
                  .callTimeout(Duration.ofSeconds(1))
                  .build();
          HistoryWriter writer = new HistoryWriter(dir.resolve("history.jsonl"))) {
        setUpWorkload(workload, clients.writer());
        Recorder recorder = new Recorder(writer, System.nanoTime());
        long timeNanos = o.time().toNanos();
        long faultPhaseEnd = timeNanos - o.finalHeal().toNanos();
        Nemesis nemesis =
            new Nemesis(
                runId,
                cluster,
                statusClient,
                recorder,
                faults,
                o.partitions(),
                o.seed() ^ 0x5eed,
                o.faultDuration(),
                o.healDuration(),
                faultPhaseEnd);
        Thread nemesisThread = new Thread(nemesis, "jepsen-nemesis");
        nemesisThread.start();
        Pacer pacer = new Pacer(o.rate());
        AtomicInteger processes = new AtomicInteger(o.concurrency());
        workload.startObservers(cluster.endpoints(), recorder, processes);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < o.concurrency(); w++) {
          Worker worker =
              new Worker(
                  w,
                  workload,
                  clients,
                  recorder,
                  pacer,
                  processes,
                  () -> recorder.now() >= timeNanos,
                  o.seed() * 31 + w);
          Thread t = new Thread(worker, "jepsen-worker-" + w);
          t.start();
          threads.add(t);
        }
        for (Thread t : threads) {
          t.join(o.time().toMillis() + o.opTimeout().toMillis() * 3 + 30_000);
        }
        nemesis.stop();
        nemesisThread.join(60_000);
        nemesis.healAll();
        nemesis.verifyMembership();
        finalRequests(workload, clients, recorder, processes);
        workload.stopObservers(recorder);
        endNanos = recorder.now();
        windows = nemesis.windows();
        history = recorder.history();
      }
    } finally {
      workload.close();
      closeQuietly(cluster, network);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running already
      }
    }

    progress.printf("checking %d events...%n", history.size());
    progress.flush();
    List<CheckReport> reports = workload.check(history, o.checkTimeout());
    Validity valid = Validity.VALID;
    for (CheckReport r : reports) {
      valid = valid.and(r.valid());
    }
    ResultsJson.write(
        dir.resolve("results.json"),
        runId,
        o,
        network.name(),
        available,
        valid,
        reports,
        windows,
        history,
        endNanos);
    HtmlReport.write(
        dir.resolve("report.html"),
        runId,
        o,
        network.name(),
        valid,
        reports,
        windows,
        history,
        endNanos);
    for (CheckReport r : reports) {
      progress.printf("%s: %s%n", r.checker(), r.summary());
    }
    progress.printf("valid: %s  (%s)%n", valid.json(), dir);
    progress.flush();
    return new RunResult(dir, valid);
  }

  /**
   * netns when it works (or was asked for), else the link proxies, else plain loopback; records in
   * {@code available} what partitions really do on the chosen network.
   */
  private Network chooseNetwork(String runId, Map<String, Object> available) {
    String asked = o.network();
    String netnsProblem =
        switch (asked) {
          case "auto", "netns" -> NetnsNetwork.unavailableReason();
          default -> asked + " requested";
        };
    if (netnsProblem == null) {
      available.put("partition", true);
      return new NetnsNetwork(runId);
    }
    if (asked.equals("netns")) {
      throw new IllegalStateException("--network netns is not possible here: " + netnsProblem);
    }
    String proxyProblem = asked.equals("loopback") ? "loopback requested" : null;
    if (proxyProblem == null) {
      proxyProblem = ProxyNetwork.unavailableReason();
    }
    if (proxyProblem == null) {
      available.put("partition", PROXY_PARTITIONS);
      if (asked.equals("auto")) {
        progress.printf("network namespaces unavailable (%s); using link proxies%n", netnsProblem);
      }
      return new ProxyNetwork(runId);
    }
    if (asked.equals("proxy")) {
      throw new IllegalStateException("--network proxy is not possible here: " + proxyProblem);
    }
    available.put(
        "partition",
        "unavailable: "
            + (asked.equals("loopback") ? proxyProblem : netnsProblem + "; " + proxyProblem));
    return new LoopbackNetwork();
  }

  private static void setUpWorkload(Workload workload, CairnClient client)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        workload.setUp(client);
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not set up the workload: " + e, e);
        }
        Thread.sleep(500);
      }
    }
  }

  /** Each final request is retried (as fresh processes) until it succeeds or 30 s pass. */
  private void finalRequests(
      Workload workload, ClusterClients clients, Recorder recorder, AtomicInteger processes)
      throws InterruptedException {
    for (Request r : workload.finalRequests()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Worker w =
            new Worker(
                processes.getAndIncrement(),
                workload,
                clients,
                recorder,
                new Pacer(1000),
                processes,
                () -> true,
                o.seed());
        if (w.perform(r).type() == Op.Type.OK) {
          break;
        }
        Thread.sleep(500);
      }
    }
  }

  private static void closeQuietly(ProcessCluster cluster, Network network) {
    try {
      cluster.close();
    } catch (RuntimeException e) {
      LOG.warn("stopping nodes failed: {}", e.toString());
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      LOG.warn("removing the network failed: {}", e.toString());
    }
  }
}
