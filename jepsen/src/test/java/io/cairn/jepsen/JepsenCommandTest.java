package io.cairn.jepsen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors exit 2 before anything starts. */
class JepsenCommandTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new JepsenCommand());
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertThat(run("run", "--workload", "queue")).isEqualTo(JepsenCommand.USAGE);
    assertThat(err.toString()).contains("unknown --workload queue");
    assertThat(run("run", "--nemesis", "kill,clock")).isEqualTo(JepsenCommand.USAGE);
    assertThat(err.toString()).contains("clock fault is not available");
    assertThat(run("run", "--time", "ten")).isEqualTo(JepsenCommand.USAGE);
    assertThat(run("run", "--nodes", "0")).isEqualTo(JepsenCommand.USAGE);
    assertThat(run("run", "--time", "10", "--final-heal", "10s")).isEqualTo(JepsenCommand.USAGE);
    assertThat(run("run", "--cairn", "/nonexistent/cairn")).isEqualTo(JepsenCommand.USAGE);
    assertThat(run("run", "--bogus")).isEqualTo(JepsenCommand.USAGE);
    assertThat(run("run", "--network", "vpn")).isEqualTo(JepsenCommand.USAGE);
    assertThat(err.toString()).contains("unknown --network vpn (auto, netns, proxy, loopback)");
  }

  @Test
  void withoutASubcommandItPrintsUsage() {
    assertThat(run()).isEqualTo(JepsenCommand.USAGE);
    assertThat(err.toString()).contains("run");
  }
}
