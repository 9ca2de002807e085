package io.cairn.jepsen.run;

import io.cairn.jepsen.nemesis.Fault;
import io.cairn.jepsen.nemesis.PartitionShape;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a run needs; validated by the command.
 *
 * @param network {@code auto}, {@code netns}, {@code proxy} or {@code loopback}
 * @param cairn the {@code bin/cairn} launcher that starts nodes
 */
public record RunOptions(
    int nodes,
    Duration time,
    String workload,
    List<Fault> nemesis,
    List<PartitionShape> partitions,
    int concurrency,
    double rate,
    long seed,
    Path out,
    boolean unsafeSerializableReads,
    Duration opTimeout,
    Duration faultDuration,
    Duration healDuration,
    Duration finalHeal,
    int opsPerKey,
    Duration checkTimeout,
    String network,
    Path cairn) {}
