package io.cairn.jepsen.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every node on 127.0.0.1 with its own free ports. Nodes cannot be told apart by address, so no
 * partition is possible: the fallback when network namespaces are not available.
 */
public final class LoopbackNetwork implements Network {
  private final Map<String, int[]> ports = new HashMap<>();

  @Override
  public String name() {
    return "loopback";
  }

  @Override
  public boolean canPartition() {
    return false;
  }

  @Override
  public void setUp(List<String> nodes) {
    Set<Integer> taken = new HashSet<>();
    for (String node : nodes) {
      ports.put(node, new int[] {freePort(taken), freePort(taken)});
    }
  }

  private static int freePort(Set<Integer> taken) {
    while (true) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (taken.add(s.getLocalPort())) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String host(String node) {
    return "127.0.0.1";
  }

  @Override
  public int clientPort(String node) {
    return ports.get(node)[0];
  }

  @Override
  public int peerPort(String node) {
    return ports.get(node)[1];
  }

  @Override
  public List<String> launcher(String node) {
    return List.of();
  }

  @Override
  public void partition(Map<String, Set<String>> dropsFrom) {
    throw new UnsupportedOperationException("the loopback network cannot partition");
  }

  @Override
  public void heal() {}

  @Override
  public void close() {}
}
