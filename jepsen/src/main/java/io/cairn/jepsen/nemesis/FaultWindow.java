package io.cairn.jepsen.nemesis;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One injected fault.
 *
 * @param fault kill, pause or partition
 * @param shape the partition shape, or null
 * @param nodes the nodes killed or paused, or the nodes the partition cut
 * @param dropsFrom for partitions: node to the nodes it hears nothing from
 * @param start nanoseconds since the test started when the fault began
 * @param end when it was healed
 */
public record FaultWindow(
    String fault,
    String shape,
    List<String> nodes,
    Map<String, Set<String>> dropsFrom,
    long start,
    long end) {}
