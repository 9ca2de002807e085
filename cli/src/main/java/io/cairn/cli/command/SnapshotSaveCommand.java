package io.cairn.cli.command;

import io.cairn.cli.Errors;
import io.cairn.cli.ExitCode;
import io.cairn.cli.option.OutputFormat;
import io.cairn.cli.output.Json;
import io.cairn.server.maintenance.SnapshotFile;
import io.cairn.server.maintenance.SnapshotMeta;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot save FILE}: streams a member's store into a new file. */
@Command(
    name = "save",
    description = {
      "Streams a consistent, compact copy of a member's store into FILE (which must not exist),",
      "from the first endpoint that answers, and checks its SHA-256. The copy is that member's",
      "applied state: point --endpoints at the leader for the newest data. Shows progress on a",
      "terminal. Exits 3 if no endpoint delivered a verified copy."
    })
public final class SnapshotSaveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand SnapshotCommand parent;

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to create.")
  Path file;

  @Option(
      names = "--transfer-timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = io.cairn.cli.option.DurationConverter.class,
      description = "Give up on a transfer after this long (default ${DEFAULT-VALUE}).")
  Duration transferTimeout;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean terminal = System.console() != null;
    try {
      SnapshotMeta meta =
          SnapshotFile.save(
              parent.globals().endpoints(),
              file,
              bytes -> {
                if (terminal) {
                  err.printf("\rreceived %,d bytes", bytes);
                  err.flush();
                }
              },
              transferTimeout.toMillis());
      if (terminal) {
        err.println();
      }
      if (parent.globals().output() == OutputFormat.json) {
        out.println(
            Json.obj()
                .put("file", file.toString())
                .put("member", meta.memberId())
                .put("revision", meta.revision())
                .put("applied_index", meta.appliedIndex())
                .put("size", meta.size())
                .put("sha256", meta.sha256Hex()));
      } else {
        out.printf(
            "Snapshot saved at %s from %s: revision %d, %,d bytes, sha256 %s%n",
            file, meta.memberId(), meta.revision(), meta.size(), meta.sha256Hex());
      }
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("Error: " + e.getMessage());
      return ExitCode.UNAVAILABLE;
    } catch (RuntimeException e) {
      Errors.report(err, e);
      return Errors.exitCode(e);
    }
  }
}
