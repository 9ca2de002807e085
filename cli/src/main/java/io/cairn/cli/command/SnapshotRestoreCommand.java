package io.cairn.cli.command;

import io.cairn.cli.ExitCode;
import io.cairn.server.maintenance.SnapshotFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn snapshot restore FILE --data-dir DIR}: seeds one member of a new cluster. */
@Command(
    name = "restore",
    description = {
      "Offline: creates DIR (absent or empty) as the data dir of one member of a NEW cluster whose",
      "store is the backup and whose Raft log is fresh. Run it once per member, then start each",
      "member with `cairn server --id ID --data-dir DIR --initial-cluster ...` (the same initial",
      "cluster for all); the cluster serves exactly the saved data. Exits 7 on failure."
    })
public final class SnapshotRestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A file made by snapshot save.")
  Path file;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      required = true,
      description = "The new member's data dir.")
  Path dataDir;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      SnapshotFile.Status s = SnapshotFile.restore(file, dataDir);
      out.printf(
          "Restored revision %d (%d keys) into %s; start the member on it with cairn server%n",
          s.revision(), s.keyCount(), dataDir);
      return ExitCode.OK;
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("Error: restore failed: " + e.getMessage());
      return ExitCode.FAILED;
    }
  }
}
