package io.cairn.cli.bench;

import java.time.Duration;
import java.util.List;

/**
 * One bench run's parameters, validated by {@link #validate()} before anything is sent.
 *
 * @param total measured ops (0: run for {@code duration})
 * @param rate total ops/s over all callers, open-loop (0: closed-loop)
 */
public record BenchConfig(
    Workload workload,
    String target,
    List<String> endpoints,
    Duration timeout,
    int clients,
    int conns,
    long total,
    Duration duration,
    Duration warmup,
    double rate,
    int keySize,
    int valSize,
    long keySpace,
    boolean linearizable,
    double readRatio,
    boolean verify,
    int watchers) {

  /** What the callers do. */
  public enum Workload {
    put,
    get,
    txn,
    mixed,
    watch,
    preload
  }

  /** The most keys one preload transaction writes (Cairn's and etcd's default txn op limit). */
  static final int PRELOAD_BATCH = 128;

  /** A one-line reason the parameters are unusable, or null when they are fine. */
  public String validate() {
    if (!target.equals("cairn") && !target.equals("etcd")) {
      return "--target must be cairn or etcd, not '" + target + "'";
    }
    if (endpoints.isEmpty()) {
      return "--endpoints is empty";
    }
    if (clients < 1) {
      return "--clients must be at least 1";
    }
    if (conns < 1) {
      return "--conns must be at least 1";
    }
    if (total < 0) {
      return "--total must not be negative";
    }
    if (rate < 0) {
      return "--rate must not be negative";
    }
    if (keySpace < 1) {
      return "--key-space must be at least 1";
    }
    if (valSize < 0) {
      return "--val-size must not be negative";
    }
    if (keySize < Keys.indexWidth(keySpace)) {
      return "--key-size "
          + keySize
          + " is below the index width "
          + Keys.indexWidth(keySpace)
          + " of --key-space "
          + keySpace;
    }
    if (readRatio < 0 || readRatio > 1) {
      return "--read-ratio must be within [0, 1]";
    }
    if (verify && workload != Workload.put) {
      return "--verify applies to put only";
    }
    if (workload == Workload.watch && watchers < 1) {
      return "--watchers must be at least 1";
    }
    if (workload == Workload.watch && valSize < Long.BYTES) {
      return "watch needs --val-size of at least 8 (the value carries the send time)";
    }
    return null;
  }

  /** Keys one preload transaction writes: at most 128, and about 1 MiB of payload. */
  int preloadBatch() {
    int perKey = Math.max(1, keySize + valSize);
    return Math.max(1, Math.min(PRELOAD_BATCH, (1 << 20) / perKey));
  }
}
