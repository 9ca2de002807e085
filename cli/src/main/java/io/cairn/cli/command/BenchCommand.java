package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.bench.Bench;
import io.cairn.cli.bench.BenchConfig;
import io.cairn.cli.bench.BenchConfig.Workload;
import io.cairn.cli.bench.BenchResult;
import io.cairn.cli.option.DurationConverter;
import io.cairn.cli.option.GlobalOptions;
import io.cairn.cli.option.OutputFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn bench}: load generator for Cairn or etcd (docs/benchmarks.md). */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Drives the cluster at --endpoints with a workload and prints one result row: ops ok,"
          + " errors by kind, throughput and latency percentiles (ms). -o json prints one object.",
      "OP: put (random keys; --verify: unique keys, then checks no acknowledged write was lost),"
          + " get, txn (if version(k) < max then put), mixed (--read-ratio gets, the rest puts),"
          + " watch (--watchers watches, one writer; latency = event receipt - put send),"
          + " preload (writes keys 0..key-space-1 in 128-put txns).",
      "--target etcd drives etcd (http://HOST:PORT client URLs) with the same workload."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ParentCommand CommandContext parent;

  @Parameters(
      index = "0",
      paramLabel = "OP",
      description = "put, get, txn, mixed, watch or preload.")
  Workload workload;

  @Option(
      names = "--target",
      paramLabel = "SYSTEM",
      defaultValue = "cairn",
      description = "cairn or etcd (default ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "Concurrent callers, one op in flight each; watch has one writer (default ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--conns",
      paramLabel = "N",
      defaultValue = "1",
      description = "Client connections; callers spread over them (default ${DEFAULT-VALUE}).")
  int conns;

  @Option(
      names = "--total",
      paramLabel = "N",
      description = "Measured ops to run (excludes --duration).")
  Long total;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long to measure, e.g. 30s (default 10s unless --total).")
  Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = WarmupConverter.class,
      description = "Unrecorded load before measuring; 0 for none (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--rate",
      paramLabel = "OPS",
      defaultValue = "0",
      description =
          "Total ops/s, open loop: latency counts from each op's intended send time"
              + " (default: closed loop).")
  double rate;

  @Option(
      names = "--key-size",
      paramLabel = "BYTES",
      defaultValue = "8",
      description = "Key length (default ${DEFAULT-VALUE}).")
  int keySize;

  @Option(
      names = "--val-size",
      paramLabel = "BYTES",
      defaultValue = "100",
      description = "Value length (default ${DEFAULT-VALUE}).")
  int valSize;

  @Option(
      names = "--key-space",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Distinct keys, chosen uniformly (default ${DEFAULT-VALUE}).")
  long keySpace;

  @Option(
      names = "--consistency",
      paramLabel = "MODE",
      defaultValue = "linearizable",
      description = "Reads: linearizable or serializable (default ${DEFAULT-VALUE}).")
  String consistency;

  @Option(
      names = "--read-ratio",
      paramLabel = "F",
      defaultValue = "0.9",
      description = "mixed: the fraction of ops that are gets (default ${DEFAULT-VALUE}).")
  double readRatio;

  @Option(
      names = "--verify",
      description =
          "put: unique keys per op; afterwards fail unless acked <= count <= acked+failed.")
  boolean verify;

  @Option(
      names = "--watchers",
      paramLabel = "N",
      defaultValue = "10",
      description = "watch: number of watches (default ${DEFAULT-VALUE}).")
  int watchers;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      GlobalOptions g = parent.globals();
      if (total != null && duration != null) {
        throw CliException.usage("give --total or --duration, not both");
      }
      if (!consistency.equals("linearizable") && !consistency.equals("serializable")) {
        throw CliException.usage(
            "--consistency must be linearizable or serializable, not '" + consistency + "'");
      }
      BenchConfig config =
          new BenchConfig(
              workload,
              target,
              g.endpoints(),
              g.timeout(),
              workload == Workload.watch ? 1 : clients, // watch: one writer
              conns,
              total == null ? 0 : total,
              duration == null ? Duration.ofSeconds(10) : duration,
              workload == Workload.preload ? Duration.ZERO : warmup,
              rate,
              keySize,
              valSize,
              keySpace,
              consistency.equals("linearizable"),
              readRatio,
              verify,
              watchers);
      if (total != null && total < 1) {
        throw CliException.usage("--total must be at least 1");
      }
      boolean json = g.output() == OutputFormat.json;
      BenchResult result =
          new Bench(config, () -> Clients.build(g.endpoints(), g.timeout()))
              .run(
                  System.console() != null ? err : null,
                  r -> {
                    if (json) {
                      out.println(r.toJson());
                      out.flush();
                    } else {
                      r.printTable(out);
                    }
                  });
      if (result.ok() == 0 && result.errorCount() > 0) {
        throw new CliException(
            ExitCode.UNAVAILABLE, "every op failed: " + result.errors().keySet());
      }
      return ExitCode.OK;
    } catch (RuntimeException e) {
      Errors.report(err, e);
      return Errors.exitCode(e);
    }
  }

  /** Like {@link DurationConverter}, but {@code 0} means no warmup. */
  public static final class WarmupConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      if (value.strip().matches("0+(ms|s|m|h)?")) {
        return Duration.ZERO;
      }
      return new DurationConverter().convert(value);
    }
  }
}
