package io.cairn.jepsen.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Grudges (node to the nodes it drops traffic from) for each partition shape. */
public final class Partitions {
  private Partitions() {}

  /** Two random halves that cannot hear each other (the smaller half is a minority). */
  public static Map<String, Set<String>> randomHalves(List<String> nodes, Random random) {
    List<String> order = new ArrayList<>(nodes);
    Collections.shuffle(order, random);
    List<String> a = order.subList(0, order.size() / 2);
    List<String> b = order.subList(order.size() / 2, order.size());
    Map<String, Set<String>> g = new LinkedHashMap<>();
    a.forEach(n -> g.put(n, new TreeSet<>(b)));
    b.forEach(n -> g.put(n, new TreeSet<>(a)));
    return g;
  }

  /** {@code node} and the rest cannot hear each other. */
  public static Map<String, Set<String>> isolate(String node, List<String> nodes) {
    Map<String, Set<String>> g = new LinkedHashMap<>();
    Set<String> others = new TreeSet<>(nodes);
    others.remove(node);
    g.put(node, others);
    others.forEach(n -> g.put(n, new TreeSet<>(Set.of(node))));
    return g;
  }

  /**
   * Nodes on a random ring; each hears only the majority-sized window of the ring around itself, so
   * every node sees a majority and no two see the same one (for 3 nodes the cuts are one-way).
   */
  public static Map<String, Set<String>> majoritiesRing(List<String> nodes, Random random) {
    List<String> ring = new ArrayList<>(nodes);
    Collections.shuffle(ring, random);
    int n = ring.size();
    int m = n / 2 + 1;
    int before = (m - 1) / 2;
    Map<String, Set<String>> g = new LinkedHashMap<>();
    for (int p = 0; p < n; p++) {
      Set<String> hears = new TreeSet<>();
      for (int d = -before; d < m - before; d++) {
        hears.add(ring.get(Math.floorMod(p + d, n)));
      }
      Set<String> drops = new TreeSet<>(nodes);
      drops.removeAll(hears);
      if (!drops.isEmpty()) {
        g.put(ring.get(p), drops);
      }
    }
    return g;
  }

  /** A random node hears nobody, while everybody still hears it. */
  public static Map<String, Set<String>> oneWay(List<String> nodes, Random random) {
    String deaf = nodes.get(random.nextInt(nodes.size()));
    Set<String> others = new TreeSet<>(nodes);
    others.remove(deaf);
    Map<String, Set<String>> g = new LinkedHashMap<>();
    g.put(deaf, others);
    return g;
  }
}
