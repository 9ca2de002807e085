package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn check} as registered in the cairn CLI (its --timeout is the inherited one). */
class CheckCliTest {
  @TempDir Path dir;

  private Path history(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private Path good() throws IOException {
    return history(
        "good.jsonl",
        "{\"index\":0,\"time\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}",
        "{\"index\":1,\"time\":2,\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}",
        "{\"index\":2,\"time\":3,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"value\":null}",
        "{\"index\":3,\"time\":4,\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":1}");
  }

  private Path stale() throws IOException {
    return history(
        "stale.jsonl",
        "{\"index\":0,\"time\":1,\"type\":\"invoke\",\"process\":0,\"f\":\"write\",\"value\":1}",
        "{\"index\":1,\"time\":2,\"type\":\"ok\",\"process\":0,\"f\":\"write\",\"value\":1}",
        "{\"index\":2,\"time\":3,\"type\":\"invoke\",\"process\":1,\"f\":\"read\",\"value\":null}",
        "{\"index\":3,\"time\":4,\"type\":\"ok\",\"process\":1,\"f\":\"read\",\"value\":null}");
  }

  @Test
  void checksFilesAndExitsAsDocumented() throws IOException {
    Path good = good();
    Cli.Run ok = Cli.run("check", "--model", "cas-register", good.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo(good + ": linearizable\n");

    Path stale = stale();
    Cli.Run bad = Cli.run("check", "--timeout", "5", "--model", "cas-register", stale.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).startsWith(stale + ": NOT linearizable");
  }

  @Test
  void usageErrorsExitTwo() throws IOException {
    assertThat(Cli.run("check", dir.resolve("missing.jsonl").toString()).exit()).isEqualTo(2);
    assertThat(Cli.run("check", "--model", "nope", good().toString()).exit()).isEqualTo(2);
  }
}
