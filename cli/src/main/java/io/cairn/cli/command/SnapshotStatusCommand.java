package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.cli.option.OutputFormat;
import io.cairn.cli.output.Json;
import io.cairn.server.maintenance.SnapshotFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot status FILE}: what a backup file holds. */
@Command(
    name = "status",
    description = {
      "Prints a backup file's revision, key count, applied Raft index, size and SHA-256.",
      "Exits 7 if the file cannot be read as a Cairn store."
    })
public final class SnapshotStatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand SnapshotCommand parent;

  @Parameters(index = "0", paramLabel = "FILE", description = "A file made by snapshot save.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      SnapshotFile.Status s = SnapshotFile.status(file);
      if (parent.globals().output() == OutputFormat.json) {
        out.println(
            Json.obj()
                .put("revision", s.revision())
                .put("keys", s.keyCount())
                .put("applied_index", s.appliedIndex())
                .put("size", s.size())
                .put("sha256", s.sha256()));
      } else {
        out.printf(
            "revision %d, %d keys, applied index %d, %,d bytes, sha256 %s%n",
            s.revision(), s.keyCount(), s.appliedIndex(), s.size(), s.sha256());
      }
      return ExitCode.OK;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("Error: cannot read " + file + ": " + e.getMessage());
      return ExitCode.FAILED;
    }
  }
}
