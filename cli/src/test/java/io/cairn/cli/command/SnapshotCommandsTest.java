package io.cairn.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.cli.Cli;
import io.cairn.cli.Cli.Run;
import io.cairn.cli.ExitCode;
import io.cairn.server.testing.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairn snapshot save, status and restore and cairn defrag, with their error exits. */
class SnapshotCommandsTest {
  @TempDir Path tmp;

  @Test
  void savesInspectsAndRestoresABackup() {
    Path file = tmp.resolve("backup.db");
    try (InProcessCluster cluster = InProcessCluster.start(1, tmp.resolve("cluster"))) {
      cluster.awaitLeaderReady();
      var endpoints = cluster.clientEndpoints();
      assertThat(Cli.against(endpoints, "put", "snap/a", "1").exit()).isEqualTo(ExitCode.OK);
      assertThat(Cli.against(endpoints, "put", "snap/b", "2").exit()).isEqualTo(ExitCode.OK);

      Run save = Cli.against(endpoints, "snapshot", "save", file.toString());
      assertThat(save.exit()).isEqualTo(ExitCode.OK);
      assertThat(save.out()).contains("Snapshot saved at " + file).contains("revision 2");
      assertThat(file).isNotEmptyFile();

      Run defrag = Cli.against(endpoints, "defrag");
      assertThat(defrag.exit()).isEqualTo(ExitCode.OK);
      assertThat(defrag.out()).contains("Defragmented n1").contains("writes paused");
      assertThat(Cli.against(endpoints, "get", "snap/b").out()).contains("2");

      Run again = Cli.against(endpoints, "snapshot", "save", file.toString());
      assertThat(again.exit()).isEqualTo(ExitCode.UNAVAILABLE);
      assertThat(again.err()).contains("backup.db");
    }

    Run status = Cli.run("-o", "json", "snapshot", "status", file.toString());
    assertThat(status.exit()).isEqualTo(ExitCode.OK);
    assertThat(status.out()).contains("\"revision\":2").contains("\"keys\":2");

    Path dataDir = tmp.resolve("restored");
    Run restore = Cli.run("snapshot", "restore", file.toString(), "--data-dir", dataDir.toString());
    assertThat(restore.exit()).isEqualTo(ExitCode.OK);
    assertThat(restore.out()).contains("Restored revision 2 (2 keys)");
    assertThat(dataDir.resolve("lmdb").resolve("data.mdb")).isNotEmptyFile();

    Run twice = Cli.run("snapshot", "restore", file.toString(), "--data-dir", dataDir.toString());
    assertThat(twice.exit()).isEqualTo(ExitCode.FAILED);
    assertThat(twice.err()).contains("not empty");

    Run missing = Cli.run("snapshot", "status", tmp.resolve("nope.db").toString());
    assertThat(missing.exit()).isEqualTo(ExitCode.FAILED);
    assertThat(Files.exists(tmp.resolve("nope.db"))).isFalse();
  }
}
