package io.cairn.jepsen.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PartitionsTest {
  static List<String> nodes(int n) {
    List<String> l = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      l.add("n" + i);
    }
    return l;
  }

  /** Who {@code node} hears: everyone but the nodes it drops. */
  static Set<String> hears(String node, List<String> nodes, Map<String, Set<String>> g) {
    Set<String> s = new TreeSet<>(nodes);
    s.removeAll(g.getOrDefault(node, Set.of()));
    return s;
  }

  @Test
  void randomHalvesAreTwoSymmetricSidesWithAMinority() {
    qt().forAll(integers().between(2, 9), longs().all())
        .checkAssert(
            (n, seed) -> {
              List<String> nodes = nodes(n);
              Map<String, Set<String>> g = Partitions.randomHalves(nodes, new Random(seed));
              assertThat(g.keySet()).containsExactlyInAnyOrderElementsOf(nodes);
              for (String a : nodes) {
                assertThat(g.get(a)).doesNotContain(a).isNotEmpty();
                for (String b : g.get(a)) {
                  assertThat(g.get(b)).contains(a);
                }
                assertThat(hears(a, nodes, g).size() + g.get(a).size()).isEqualTo(n);
              }
              long small = nodes.stream().filter(x -> hears(x, nodes, g).size() <= n / 2).count();
              assertThat(small).as("the smaller side is a minority").isGreaterThan(0);
            });
  }

  @Test
  void majoritiesRingGivesEveryNodeADifferentMajority() {
    qt().forAll(integers().between(3, 9), longs().all())
        .checkAssert(
            (n, seed) -> {
              List<String> nodes = nodes(n);
              Map<String, Set<String>> g = Partitions.majoritiesRing(nodes, new Random(seed));
              Set<Set<String>> views = new java.util.HashSet<>();
              for (String a : nodes) {
                Set<String> h = hears(a, nodes, g);
                assertThat(h).contains(a).hasSize(n / 2 + 1);
                views.add(h);
              }
              assertThat(views).as("no two nodes see the same majority").hasSize(n);
            });
  }

  @Test
  void isolateCutsOneNodeBothWaysAndOneWayOnlyInbound() {
    List<String> nodes = nodes(5);
    Map<String, Set<String>> g = Partitions.isolate("n3", nodes);
    assertThat(g.get("n3")).containsExactly("n1", "n2", "n4", "n5");
    assertThat(g.get("n1")).containsExactly("n3");
    Map<String, Set<String>> one = Partitions.oneWay(nodes, new Random(1));
    assertThat(one).hasSize(1);
    String deaf = one.keySet().iterator().next();
    assertThat(one.get(deaf)).hasSize(4).doesNotContain(deaf);
  }

  @Test
  void clockAndUnknownFaultsAreRefusedWithAReason() {
    assertThat(Fault.parse(" Kill ")).isEqualTo(Fault.KILL);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Fault.parse("clock"))
        .hasMessageContaining("clock fault is not available");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PartitionShape.parse("bridge"))
        .hasMessageContaining("unknown partition");
  }
}
