package io.cairn.server.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** A latency histogram with fixed upper bounds in seconds; lock-free, cumulative on output. */
final class Histogram {
  /** 100 µs to 10 s: local reads sit at the bottom, fsync-bound writes in the middle. */
  static final double[] LATENCY_BUCKETS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final double[] bounds;
  private final LongAdder[] counts; // one per bound, plus +Inf
  private final DoubleAdder sum = new DoubleAdder();

  Histogram(double[] bounds) {
    this.bounds = bounds.clone();
    this.counts = new LongAdder[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  static Histogram latency() {
    return new Histogram(LATENCY_BUCKETS);
  }

  void observeNanos(long nanos) {
    observe(nanos / 1e9);
  }

  void observe(double seconds) {
    int i = 0;
    while (i < bounds.length && seconds > bounds[i]) {
      i++;
    }
    counts[i].increment();
    sum.add(seconds);
  }

  /** Writes the _bucket, _sum and _count samples of this histogram with the given labels. */
  void write(MetricsText out, String name, String labels) {
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      cumulative += counts[i].sum();
      String le = i < bounds.length ? MetricsText.number(bounds[i]) : "+Inf";
      out.sample(name + "_bucket", MetricsText.join(labels, "le=\"" + le + "\""), cumulative);
    }
    out.sample(name + "_sum", labels, sum.sum());
    out.sample(name + "_count", labels, cumulative);
  }
}
