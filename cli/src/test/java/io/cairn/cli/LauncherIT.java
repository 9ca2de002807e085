package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher end to end: {@code bin/cairn local --detach} starts three node processes on
 * free ports in a temp dir, and everything else goes through {@code bin/cairn} too.
 */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final Path CAIRN = ROOT.resolve("bin/cairn");
  static final Pattern ANSI = Pattern.compile("\u001b(\\[[?0-9;]*[A-Za-z]|[=>])|\r");

  @TempDir static Path tmp;
  static Path data;
  static int basePort;
  static final Set<Long> pidsSeen = new HashSet<>();

  record Result(int exit, String out, String err) {}

  @BeforeAll
  static void startCluster() throws Exception {
    data = tmp.resolve("data");
    basePort = freeBasePort();
    Result r =
        cairn(
            null,
            "local",
            "--detach",
            "--nodes",
            "3",
            "--data-dir",
            data.toString(),
            "--base-port",
            Integer.toString(basePort));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Endpoints: " + endpoints());
    rememberPids();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try {
      cairn(null, "local", "stop", "--data-dir", data.toString());
    } finally {
      rememberPids();
      for (long pid : pidsSeen) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void oneShotCommandsSurviveALeaderKillAndAClusterRestart() throws Exception {
    assertThat(cairn(null, "put", "tour", "acknowledged").out()).isEqualTo("OK\n");
    assertThat(cairn(null, "get", "tour").out()).isEqualTo("acknowledged\n");
    assertThat(cairn(null, "put", "gone", "x").exit()).isZero();
    assertThat(cairn(null, "del", "gone").out()).isEqualTo("1\n");
    assertThat(cairn(null, "get", "gone").exit()).isEqualTo(ExitCode.NOT_FOUND);

    String leader = leaderId();
    long pid = Long.parseLong(Files.readString(data.resolve(leader).resolve("pid")).strip());
    ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
    victim.destroyForcibly(); // kill -9
    victim.onExit().get(30, TimeUnit.SECONDS);

    // straight away: the client retries while the survivors elect a new leader
    Result get = cairn(null, "--timeout", "10s", "get", "tour");
    assertThat(get.exit()).as(get.err()).isZero();
    assertThat(get.out()).isEqualTo("acknowledged\n");

    Result stop = cairn(null, "local", "stop", "--data-dir", data.toString());
    assertThat(stop.exit()).isZero();
    assertThat(stop.out()).startsWith("Stopped ");
    for (String id : List.of("n1", "n2", "n3")) {
      assertThat(data.resolve(id).resolve("pid")).doesNotExist();
    }
    assertThat(Files.readString(data.resolve(otherThan(leader)).resolve("node.log")))
        .as("SIGTERM stops a node gracefully")
        .contains("] stopped");

    Result again = cairn(null, "local", "--detach", "--data-dir", data.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    rememberPids();
    assertThat(cairn(null, "--timeout", "10s", "get", "tour").out()).isEqualTo("acknowledged\n");
    assertThat(cairn(null, "status").out().lines()).hasSize(3).noneMatch(l -> l.contains("error"));
  }

  @Test
  void localWithoutDetachOpensTheShellAndStopsItsNodesAfterwards() throws Exception {
    Path dir = tmp.resolve("attached");
    int base = freeBasePort();
    List<String> cmd =
        List.of(
            CAIRN.toString(),
            "local",
            "--data-dir",
            dir.toString(),
            "--base-port",
            Integer.toString(base),
            "--nodes",
            "1");
    List<Long> pids = new ArrayList<>();
    try {
      Result r = run(cmd, "put here 1\nget here\n", Map.of());
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out())
          .startsWith("Cairn local cluster ready: 1 node(s)")
          .contains("Endpoints: 127.0.0.1:" + base + "\nOK\n1\n")
          .endsWith("Stopped the local cluster (data kept in " + dir + ").\n");
      assertThat(dir.resolve("n1").resolve("pid")).doesNotExist();
      assertThat(dir.resolve("n1").resolve("node.log")).exists();
    } finally {
      Path pid = dir.resolve("n1").resolve("pid");
      if (Files.exists(pid)) {
        pids.add(Long.parseLong(Files.readString(pid).strip()));
      }
      pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void shellThroughAPipe() throws Exception {
    Result r = cairn("put pipe/k 'piped value'\nget pipe/k\nget pipe/none\nexit\n", "shell");
    assertThat(r.out()).isEqualTo("OK\npiped value\n");
    assertThat(r.err()).isEqualTo("Error: key not found: pipe/none\n");
    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void shellThroughAPseudoTerminal() throws Exception {
    Path history = tmp.resolve("history");
    String command =
        "stty cols 120 rows 40; exec '" + CAIRN + "' shell"; // a real terminal of known size
    Result r =
        run(
            List.of("script", "-qfc", command, "/dev/null"),
            "put pty/k hello\rget pty/k\rsta\t\rbogus\rexit\r",
            Map.of("CAIRN_HISTFILE", history.toString()));
    String screen = ANSI.matcher(r.out()).replaceAll("");
    assertThat(screen)
        .contains("Connected to " + endpoints())
        .contains("cairn> put pty/k hello\nOK\n")
        .contains("cairn> get pty/k\nhello\n")
        .contains("cairn> status \n") // completed from "sta" by Tab, with a trailing space
        .contains("LEADER")
        .contains("cairn> bogus\nError: unknown command 'bogus' (try 'help')\n")
        .doesNotContain("Exception");
    assertThat(Files.readString(history)).contains("put pty/k hello", "status");
  }

  static String leaderId() throws Exception {
    String id = leaderOrNull();
    assertThat(id).isNotNull();
    return id;
  }

  /** The member that calls itself leader, per `status -o json`. */
  static String leaderOrNull() throws Exception {
    Result r = cairn(null, "--timeout", "2s", "status", "-o", "json");
    Matcher m =
        Pattern.compile("\"member_id\":\"(n\\d)\"[^}]*}[^}]*\"role\":\"LEADER\"").matcher(r.out());
    return m.find() ? m.group(1) : null;
  }

  static String otherThan(String id) {
    return id.equals("n1") ? "n2" : "n1";
  }

  static String endpoints() {
    List<String> e = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      e.add("127.0.0.1:" + (basePort + i));
    }
    return String.join(",", e);
  }

  static Result cairn(String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(CAIRN.toString()));
    cmd.addAll(List.of(args));
    return run(cmd, stdin, Map.of());
  }

  static Result run(List<String> cmd, String stdin, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
    pb.environment().put("CAIRN_ENDPOINTS", endpoints());
    pb.environment().put("CAIRN_HISTFILE", tmp.resolve("default-history").toString());
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    try {
      if (stdin != null) {
        try (OutputStream in = p.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  static void rememberPids() throws IOException {
    for (String id : List.of("n1", "n2", "n3")) {
      Path pid = data.resolve(id).resolve("pid");
      if (Files.exists(pid)) {
        pidsSeen.add(Long.parseLong(Files.readString(pid).strip()));
      }
    }
  }

  /** A base port whose client ports (+0..2) and peer ports (+100..102) are all free. */
  static int freeBasePort() {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20000 + random.nextInt(20000);
      if (free(base) && free(base + 1) && free(base + 2)) {
        if (free(base + 100) && free(base + 101) && free(base + 102)) {
          return base;
        }
      }
    }
    throw new IllegalStateException("no free base port found");
  }

  static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
