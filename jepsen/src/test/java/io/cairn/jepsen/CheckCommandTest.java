package io.cairn.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  static final Path DATA = Paths.get("..", "..", "shared", "checker-data");
  static final String GOOD = DATA.resolve("porcupine/jepsen/etcd_002.log").toString();
  static final String BAD = DATA.resolve("knossos/cas-register/bad/bad-analysis.edn").toString();

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = CheckCommand.standalone();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void allLinearizableExitsZero() {
    assertThat(run(GOOD)).isZero();
    assertThat(out.toString()).isEqualTo(GOOD + ": linearizable" + System.lineSeparator());
  }

  @Test
  void anyViolationExitsOneAndPrintsTheWindow() throws IOException {
    Path html = dir.resolve("explain.html");
    assertThat(run("--explain", html.toString(), GOOD, BAD)).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            GOOD + ": linearizable",
            BAD + ": NOT linearizable",
            "cannot be placed",
            "p21 read 2 ok");
    String page = Files.readString(html);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg", "cannot be placed", "bad-analysis.edn")
        .doesNotContain("<script", "http://", "https://");
  }

  @Test
  void unknownWithoutViolationExitsThree() throws IOException {
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(
        broken,
        "{\"index\":0,\"time\":1,\"type\":\"ok\",\"process\":0,\"f\":\"read\",\"value\":1}\n");
    assertThat(run(GOOD, broken.toString())).isEqualTo(3);
    assertThat(out.toString()).contains(broken + ": unknown (malformed history");
    assertThat(
            run(
                "--timeout",
                "0.000000001",
                DATA.resolve("porcupine/jepsen/etcd_007.log").toString()))
        .isEqualTo(3);
    assertThat(out.toString()).contains("etcd_007.log: unknown (time limit reached)");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("--model", "queue", GOOD)).isEqualTo(2);
    assertThat(err.toString()).contains("unknown model 'queue'");
    assertThat(run(dir.resolve("missing.jsonl").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
    assertThat(run("--format", "csv", GOOD)).isEqualTo(2);
  }

  @Test
  void modelOverrideApplies() {
    // etcd logs have cas ops, which the plain register model does not know
    assertThat(run("--model", "register", GOOD)).isEqualTo(3);
    assertThat(out.toString()).contains("use cas-register");
  }
}
