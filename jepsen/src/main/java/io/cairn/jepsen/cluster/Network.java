package io.cairn.jepsen.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where nodes live and which links between them work. Implementations undo everything they set up
 * in {@link #close()}, which is safe to call more than once.
 */
public interface Network extends AutoCloseable {
  /** Short name recorded in results.json: {@code netns}, {@code proxy} or {@code loopback}. */
  String name();

  /** Whether {@link #partition} really cuts links. */
  boolean canPartition();

  /** Creates whatever the nodes need; called once before any node starts. */
  void setUp(List<String> nodes);

  /** The host a node binds and clients dial. */
  String host(String node);

  /** The host in {@code node}'s peer (Raft) address, as other nodes and the node itself see it. */
  default String peerHost(String node) {
    return host(node);
  }

  /** The client port of {@code node}. */
  int clientPort(String node);

  /** The peer (Raft) port of {@code node}. */
  int peerPort(String node);

  /** Prefix for the command line that starts {@code node} (e.g. {@code ip netns exec NS}). */
  List<String> launcher(String node);

  /** Extra JVM options for {@code node}'s process (e.g. its own hosts file). */
  default List<String> jvmOptions(String node) {
    return List.of();
  }

  /**
   * Replaces the current cuts: each node in {@code dropsFrom} stops receiving anything from the
   * nodes in its set (a "grudge"; a one-way cut is a grudge on one side only).
   */
  void partition(Map<String, Set<String>> dropsFrom);

  /** Removes every cut. */
  void heal();

  @Override
  void close();
}
