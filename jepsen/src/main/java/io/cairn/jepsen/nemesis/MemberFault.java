package io.cairn.jepsen.nemesis;

import io.cairn.client.CairnClient;
import io.cairn.client.CairnException;
import io.cairn.client.CairnRejectedException;
import io.cairn.client.Member;
import io.cairn.jepsen.client.Recorder;
import io.cairn.jepsen.cluster.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code member} fault: a window starts by removing a voter (a follower and the leader in
 * turn), killing its process and wiping its data dir; it ends by starting that node as a new member
 * ({@code cairn server --join}), waiting until the leader added it as a caught-up learner and
 * promoting it, so every cycle ends at full size. Each step is a nemesis op: {@code member-remove},
 * {@code member-wipe}, {@code member-join}, {@code member-promote}; a step that fails is a {@code
 * member-error} and is retried by the next window and by {@link #restore}, which fails loudly when
 * the cluster cannot be brought back. At most one node is out at a time (a window whose cluster is
 * short only brings nodes back), and the server refuses a removal that would leave fewer live
 * voters than a quorum.
 */
final class MemberFault {
  private static final Logger LOG = LoggerFactory.getLogger(MemberFault.class);

  /** Starting a node JVM and catching it up on 2 busy cores takes seconds, not minutes. */
  private static final Duration GROW_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(150);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final long POLL_MILLIS = 250;

  private final String runId;
  private final ProcessCluster cluster;
  private final Recorder recorder;
  private final Random random;
  private int removals;

  MemberFault(String runId, ProcessCluster cluster, Recorder recorder, Random random) {
    this.runId = runId;
    this.cluster = cluster;
    this.recorder = recorder;
    this.random = random;
  }

  /** The members as the leader knows them: id to role ({@code LISTENER} for a learner). */
  private record View(String leader, Map<String, String> roles) {
    List<String> voters() {
      return roles.entrySet().stream()
          .filter(e -> !e.getValue().equals("LISTENER"))
          .map(Map.Entry::getKey)
          .sorted()
          .toList();
    }

    List<String> learners() {
      return roles.entrySet().stream()
          .filter(e -> e.getValue().equals("LISTENER"))
          .map(Map.Entry::getKey)
          .sorted()
          .toList();
    }

    boolean isVoter(String node) {
      return roles.containsKey(node) && !roles.get(node).equals("LISTENER");
    }
  }

  /**
   * Begins a window: removes one voter, kills and wipes it; returns it. When an earlier step left
   * the cluster short, this window brings it back instead and returns nothing.
   */
  synchronized List<String> shrink() {
    Optional<View> seen = view();
    if (seen.isEmpty()) {
      error(null, "remove", "no leader answered");
      return List.of();
    }
    View v = seen.get();
    List<String> absent = missing(v);
    if (!absent.isEmpty()) {
      LOG.info("[{}] member: {} not voters yet, retrying them instead of a removal", runId, absent);
      absent.forEach(n -> bringBack(v, n));
      return List.of();
    }
    List<String> followers = new ArrayList<>(v.voters());
    followers.remove(v.leader());
    boolean leader = removals % 2 == 1 || followers.isEmpty();
    String victim = leader ? v.leader() : followers.get(random.nextInt(followers.size()));
    try (CairnClient c = client()) {
      c.blocking().removeMember(victim);
    } catch (CairnException e) {
      // A refusal changed nothing; any other failure may hide a removal that was made (the answer
      // of a leader that removed itself can be lost): look.
      boolean refused =
          e instanceof CairnRejectedException && !"MEMBER_NOT_FOUND".equals(e.reason());
      if (refused || !awaitGone(victim)) {
        error(victim, "remove", e.reason() + ": " + e.getMessage());
        return List.of();
      }
    }
    removals++;
    cluster.markRemoved(victim);
    List<String> voters = new ArrayList<>(v.voters());
    voters.remove(victim);
    recorder.nemesis(
        "member-remove",
        fields("node", victim, "was", leader ? "leader" : "follower", "voters", voters));
    LOG.info("[{}] member: removed {} ({})", runId, victim, leader ? "leader" : "follower");
    cluster.kill(victim);
    cluster.wipe(victim);
    recorder.nemesis("member-wipe", fields("node", victim));
    return List.of(victim);
  }

  /** Ends a window: brings each node back as a fresh member (a failure is recorded). */
  synchronized void grow(List<String> nodes) {
    nodes.forEach(this::grow);
  }

  /**
   * Kills and wipes {@code node} (an earlier attempt may have left state), starts it with {@code
   * --join}, waits until the leader lists it, then promotes it.
   */
  private boolean grow(String node) {
    long deadline = System.nanoTime() + GROW_TIMEOUT.toNanos();
    if (cluster.isRunning(node)) {
      cluster.kill(node);
    }
    cluster.wipe(node);
    cluster.startJoining(node);
    while (true) {
      if (!cluster.isRunning(node)) {
        cluster.markRemoved(node);
        error(node, "join", "the node exited; see " + cluster.logFile(node));
        return false;
      }
      Optional<View> v = view();
      if (v.isPresent() && v.get().roles().containsKey(node)) {
        recorder.nemesis(
            "member-join",
            fields("node", node, "role", v.get().roles().get(node).toLowerCase(Locale.ROOT)));
        break;
      }
      if (System.nanoTime() > deadline) {
        cluster.kill(node);
        cluster.markRemoved(node);
        error(node, "join", "not added within " + GROW_TIMEOUT.toSeconds() + " s");
        return false;
      }
      pause();
    }
    return promote(node, deadline);
  }

  /** A running learner is promoted; any other missing node joins afresh. */
  private boolean bringBack(View v, String node) {
    if (v.roles().containsKey(node) && cluster.isRunning(node)) {
      return promote(node, System.nanoTime() + GROW_TIMEOUT.toNanos());
    }
    return grow(node);
  }

  /** Promotes {@code node}, retrying while it lags or another change is in progress. */
  private boolean promote(String node, long deadline) {
    String last = "no leader answered";
    while (true) {
      try (CairnClient c = client()) {
        c.blocking().promoteMember(node);
      } catch (CairnException e) {
        last = e.reason() + ": " + e.getMessage();
      }
      Optional<View> v = view();
      if (v.isPresent() && v.get().isVoter(node)) {
        recorder.nemesis("member-promote", fields("node", node, "voters", v.get().voters()));
        LOG.info("[{}] member: {} is a voter again", runId, node);
        return true;
      }
      if (System.nanoTime() > deadline) {
        error(node, "promote", last);
        return false;
      }
      pause();
    }
  }

  /**
   * Brings every node back as a running voter (the final heal); throws when that fails in time, so
   * a run never ends quietly with a short cluster.
   */
  synchronized void restore() {
    long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
    String state = "no leader answered";
    while (true) {
      Optional<View> seen = view();
      if (seen.isPresent()) {
        View v = seen.get();
        List<String> absent = missing(v);
        if (absent.isEmpty()) {
          cluster.nodes().forEach(cluster::start);
          return;
        }
        state = "voters " + v.voters() + ", learners " + v.learners();
        absent.forEach(n -> bringBack(v, n));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the member fault could not restore the cluster to voters "
                + cluster.nodes()
                + " within "
                + RESTORE_TIMEOUT.toSeconds()
                + " s: "
                + state);
      }
      pause();
    }
  }

  /**
   * Records {@code member-final} with the leader's view once every node's own view lists every node
   * as a voter; throws when that does not happen within 30 s.
   */
  synchronized void verify() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> all = cluster.nodes().stream().sorted().toList();
    String state = "no leader answered";
    while (true) {
      Optional<View> v = view();
      if (v.isPresent()) {
        state = "voters " + v.get().voters() + ", learners " + v.get().learners();
        if (v.get().voters().equals(all)
            && v.get().learners().isEmpty()
            && cluster.nodes().stream().allMatch(this::seesEveryoneAsVoter)) {
          recorder.nemesis(
              "member-final", fields("voters", v.get().voters(), "learners", v.get().learners()));
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        recorder.nemesis("member-error", fields("step", "final", "error", state));
        throw new IllegalStateException(
            "the cluster did not end with voters " + all + " (member fault): " + state);
      }
      pause();
    }
  }

  private boolean seesEveryoneAsVoter(String node) {
    try (CairnClient c = pinned(node)) {
      List<Member> ms = c.blocking().members().members();
      return ms.size() == cluster.nodes().size()
          && ms.stream().noneMatch(m -> m.role().equals("LISTENER"));
    } catch (CairnException e) {
      return false;
    }
  }

  /** The nodes that are not voters in {@code v}. */
  private List<String> missing(View v) {
    return cluster.nodes().stream().filter(n -> !v.isVoter(n)).toList();
  }

  /** Waits up to 15 s until the leader no longer lists {@code node}. */
  private boolean awaitGone(String node) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<View> v = view();
      if (v.isPresent() && !v.get().roles().containsKey(node)) {
        return true;
      }
      pause();
    }
    return false;
  }

  /** The leader's view of the members, if a leader answers. */
  private Optional<View> view() {
    Optional<String> leader;
    try (CairnClient c = client()) {
      leader = cluster.leader(c);
    }
    if (leader.isEmpty()) {
      return Optional.empty();
    }
    try (CairnClient c = pinned(leader.get())) {
      Map<String, String> roles = new LinkedHashMap<>();
      for (Member m : c.blocking().members().members()) {
        roles.put(m.id(), m.role());
      }
      return Optional.of(new View(leader.get(), roles));
    } catch (CairnException e) {
      return Optional.empty();
    }
  }

  private void error(String node, String step, String error) {
    LOG.warn("[{}] member: {} of {} failed: {}", runId, step, node, error);
    Map<String, Object> v = new LinkedHashMap<>();
    if (node != null) {
      v.put("node", node);
    }
    v.put("step", step);
    v.put("error", error);
    recorder.nemesis("member-error", v);
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private CairnClient client() {
    return CairnClient.builder()
        .endpoints(cluster.activeNodes().stream().map(cluster::endpoint).toList())
        .callTimeout(CALL_TIMEOUT)
        .build();
  }

  private CairnClient pinned(String node) {
    return CairnClient.builder()
        .endpoints(cluster.endpoint(node))
        .callTimeout(Duration.ofSeconds(3))
        .build();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
