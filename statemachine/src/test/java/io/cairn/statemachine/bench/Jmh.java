package io.cairn.statemachine.bench;

import java.io.IOException;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs this package's benchmarks: {@code Jmh [regex...] [JMH options]}, e.g. {@code Jmh StoreApply
 * -f 1 -wi 2 -i 3}; no regex runs them all, {@code -l} lists them, {@code -h} lists JMH's options.
 * Forked JVMs get the flags lmdbjava needs (and quiet logs) unless {@code -jvmArgsAppend} is given.
 */
public final class Jmh {
  private static final String[] FORK_ARGS = {
    "--add-opens",
    "java.base/java.nio=ALL-UNNAMED",
    "--add-opens",
    "java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
  };

  private Jmh() {}

  public static void main(String[] args) throws RunnerException, IOException {
    CommandLineOptions cli;
    try {
      cli = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("bad JMH options: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (cli.shouldHelp()
        || cli.shouldList()
        || cli.shouldListWithParams()
        || cli.shouldListProfilers()
        || cli.shouldListResultFormats()) {
      Main.main(args); // JMH's own front end answers -h, -l, -lp, -lprof, -lrf
      return;
    }
    // The class path holds only this package's benchmarks, so no regex means all of them.
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (!cli.getJvmArgsAppend().hasValue()) {
      options.jvmArgsAppend(FORK_ARGS);
    }
    new Runner(options.build()).run();
  }
}
