package io.cairn.jepsen.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands (ip, iptables, kill) and reports their outcome. */
public final class Shell {
  private Shell() {}

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  /** Runs {@code cmd}, waiting at most 20 s; never throws for a non-zero exit. */
  public static Result run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out: " + String.join(" ", cmd));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  public static Result run(String... cmd) {
    return run(List.of(cmd));
  }

  /** Runs {@code cmd} and throws if it fails. */
  public static String check(String... cmd) {
    Result r = run(cmd);
    if (!r.ok()) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output());
    }
    return r.output();
  }
}
