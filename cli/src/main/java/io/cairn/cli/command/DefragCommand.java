package io.cairn.cli.command;

import io.cairn.api.v1.DefragRequest;
import io.cairn.api.v1.DefragResponse;
import io.cairn.api.v1.MaintenanceGrpc;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.OutputFormat;
import io.cairn.cli.output.Json;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn defrag}: compacts the LMDB file of each endpoint's member, one at a time. */
@Command(
    name = "defrag",
    description = {
      "Rewrites each endpoint's LMDB file compactly (LMDB never shrinks its file on its own),",
      "one member at a time. Reads go on; applying writes pauses on that member while the copy",
      "is made (the pause is printed). Exits 3 if any endpoint failed."
    })
public final class DefragCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand CommandContext parent;

  @Option(
      names = "--defrag-timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = io.cairn.cli.option.DurationConverter.class,
      description = "Give up on one member after this long (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> endpoints = parent.globals().endpoints();
    boolean json = parent.globals().output() == OutputFormat.json;
    int exit = ExitCode.OK;
    for (String endpoint : endpoints) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(endpoint).usePlaintext().build();
      try {
        DefragResponse r =
            MaintenanceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .defrag(DefragRequest.getDefaultInstance());
        if (json) {
          out.println(
              Json.obj()
                  .put("endpoint", endpoint)
                  .put("member", r.getMemberId())
                  .put("size_before", r.getSizeBefore())
                  .put("size_after", r.getSizeAfter())
                  .put("write_pause_ms", r.getWritePauseMs()));
        } else {
          out.printf(
              "Defragmented %s (%s): %,d -> %,d bytes, writes paused %d ms%n",
              r.getMemberId(), endpoint, r.getSizeBefore(), r.getSizeAfter(), r.getWritePauseMs());
        }
      } catch (StatusRuntimeException e) {
        err.println("Error: defrag of " + endpoint + " failed: " + e.getStatus());
        exit = ExitCode.UNAVAILABLE;
      } finally {
        channel.shutdownNow();
      }
    }
    return exit;
  }
}
