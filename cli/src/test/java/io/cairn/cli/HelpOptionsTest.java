package io.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpOptionsTest {
  @Test
  void everyCommandAndSubcommandPrintsItsUsageWithHelpAndH() {
    List<List<String>> paths = new ArrayList<>();
    collect(CairnCli.newCommandLine(), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(25);
    for (List<String> path : paths) {
      for (String flag : List.of("--help", "-h")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        Cli.Run run = Cli.run(args.toArray(new String[0]));
        assertThat(run.exit()).as("cairn %s", String.join(" ", args)).isZero();
        assertThat(run.out())
            .as("cairn %s", String.join(" ", args))
            .startsWith("Usage: cairn" + (path.isEmpty() ? "" : " " + String.join(" ", path)));
        assertThat(run.err()).isEmpty();
      }
    }
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    if (!(cl.getCommand() instanceof CommandLine.HelpCommand)) {
      out.add(List.copyOf(path));
    }
    cl.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandName().equals(name)) { // aliases once
                path.add(name);
                collect(sub, path, out);
                path.remove(path.size() - 1);
              }
            });
  }
}
