package io.cairn.jepsen.nemesis;

import io.cairn.client.CairnClient;
import io.cairn.jepsen.client.Recorder;
import io.cairn.jepsen.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alternates healed windows and fault windows until the fault phase ends, then leaves the cluster
 * healed. Runs on its own thread; {@link #stop()} ends the current window early and heals.
 */
public final class Nemesis implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

  private final String runId;
  private final ProcessCluster cluster;
  private final CairnClient statusClient;
  private final Recorder recorder;
  private final List<Fault> faults;
  private final List<PartitionShape> shapes;
  private final Random random;
  private final Duration faultFor;
  private final Duration healFor;
  private final long phaseEnd;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<FaultWindow> windows = Collections.synchronizedList(new ArrayList<>());
  private final MemberFault member;

  /**
   * @param phaseEnd recorder time (ns since start) after which no new fault begins and the current
   *     one is healed
   */
  public Nemesis(
      String runId,
      ProcessCluster cluster,
      CairnClient statusClient,
      Recorder recorder,
      List<Fault> faults,
      List<PartitionShape> shapes,
      long seed,
      Duration faultFor,
      Duration healFor,
      long phaseEnd) {
    this.runId = runId;
    this.cluster = cluster;
    this.statusClient = statusClient;
    this.recorder = recorder;
    this.faults = List.copyOf(faults);
    this.shapes = List.copyOf(shapes);
    this.random = new Random(seed);
    this.faultFor = faultFor;
    this.healFor = healFor;
    this.phaseEnd = phaseEnd;
    this.member =
        faults.contains(Fault.MEMBER) ? new MemberFault(runId, cluster, recorder, random) : null;
  }

  public void stop() {
    stopped.countDown();
  }

  /** The faults injected so far. */
  public List<FaultWindow> windows() {
    synchronized (windows) {
      return List.copyOf(windows);
    }
  }

  @Override
  public void run() {
    if (faults.isEmpty()) {
      return;
    }
    try {
      while (waitUntil(Math.min(phaseEnd, recorder.now() + healFor.toNanos()))
          && recorder.now() < phaseEnd - Duration.ofSeconds(1).toNanos()) {
        Fault f = faults.get(random.nextInt(faults.size()));
        Active active = begin(f);
        long until = Math.min(phaseEnd, recorder.now() + faultFor.toNanos());
        try {
          waitUntil(until);
        } finally {
          end(active);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("[{}] nemesis failed: {}", runId, e.toString(), e);
      recorder.nemesis("nemesis-error", e.toString());
    } finally {
      try {
        healAll();
      } catch (RuntimeException e) {
        // the run's own healAll tries again and fails the run if it still cannot
        LOG.error("[{}] heal failed: {}", runId, e.toString());
        recorder.nemesis("nemesis-error", e.toString());
      }
    }
  }

  /** Waits until recorder time {@code t}; false if stopped. */
  private boolean waitUntil(long t) {
    long wait = t - recorder.now();
    if (wait <= 0) {
      return stopped.getCount() > 0;
    }
    try {
      return !stopped.await(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private record Active(
      Fault fault, String shape, List<String> nodes, Map<String, Set<String>> grudge, long start) {}

  private Active begin(Fault f) {
    List<String> nodes = cluster.nodes();
    switch (f) {
      case KILL, PAUSE -> {
        List<String> victims = minority(cluster.activeNodes());
        Map<String, Object> v = Map.of("nodes", victims);
        long start = recorder.nemesis(f == Fault.KILL ? "kill" : "pause", v).time();
        for (String n : victims) {
          if (f == Fault.KILL) {
            cluster.kill(n);
          } else {
            cluster.pause(n);
          }
        }
        return new Active(f, null, victims, Map.of(), start);
      }
      case PARTITION -> {
        PartitionShape shape = shapes.get(random.nextInt(shapes.size()));
        Map<String, Set<String>> grudge =
            switch (shape) {
              case HALVES -> Partitions.randomHalves(nodes, random);
              case ISOLATE_LEADER ->
                  Partitions.isolate(
                      cluster.leader(statusClient).orElse(nodes.get(random.nextInt(nodes.size()))),
                      nodes);
              case MAJORITIES_RING -> Partitions.majoritiesRing(nodes, random);
              case ONE_WAY -> Partitions.oneWay(nodes, random);
            };
        cluster.network().partition(grudge);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("shape", shape.wire());
        v.put("drops_from", grudge);
        long start = recorder.nemesis("partition", v).time();
        LOG.info("[{}] partition {}: {}", runId, shape.wire(), grudge);
        return new Active(f, shape.wire(), List.copyOf(grudge.keySet()), grudge, start);
      }
      case MEMBER -> {
        long start = recorder.now();
        return new Active(f, null, member.shrink(), Map.of(), start);
      }
      default -> throw new IllegalStateException();
    }
  }

  private void end(Active a) {
    if (a.fault() == Fault.MEMBER) {
      // member's own ops record each step; a window that removed nothing is no fault window
      member.grow(a.nodes());
      if (!a.nodes().isEmpty()) {
        windows.add(
            new FaultWindow(
                a.fault().wire(), null, a.nodes(), Map.of(), a.start(), recorder.now()));
      }
      return;
    }
    switch (a.fault()) {
      case KILL -> a.nodes().forEach(cluster::start);
      case PAUSE -> a.nodes().forEach(cluster::resume);
      case PARTITION -> cluster.network().heal();
      case MEMBER -> throw new IllegalStateException();
    }
    String f =
        switch (a.fault()) {
          case KILL -> "restart";
          case PAUSE -> "resume";
          case PARTITION -> "heal";
          case MEMBER -> throw new IllegalStateException();
        };
    long end = recorder.nemesis(f, Map.of("nodes", a.nodes())).time();
    windows.add(
        new FaultWindow(a.fault().wire(), a.shape(), a.nodes(), a.grudge(), a.start(), end));
  }

  /** One to (n-1)/2 random nodes (at least one). */
  private List<String> minority(List<String> nodes) {
    List<String> order = new ArrayList<>(nodes);
    Collections.shuffle(order, random);
    int max = Math.max(1, (nodes.size() - 1) / 2);
    return List.copyOf(order.subList(0, 1 + random.nextInt(max)));
  }

  /**
   * Restarts, resumes and reconnects everything, and with the member fault brings every removed
   * node back as a voter (throwing if it cannot); safe to repeat.
   */
  public synchronized void healAll() {
    for (String n : cluster.nodes()) {
      try {
        cluster.resume(n);
        cluster.start(n);
      } catch (RuntimeException e) {
        LOG.warn("[{}] could not restore {}: {}", runId, n, e.toString());
      }
    }
    if (cluster.network().canPartition()) {
      cluster.network().heal();
    }
    if (member != null) {
      member.restore();
    }
  }

  /**
   * With the member fault: records the final membership ({@code member-final}) and throws unless
   * every node is a voter in every node's view. Call after {@link #healAll}.
   */
  public void verifyMembership() {
    if (member != null) {
      member.verify();
    }
  }
}
