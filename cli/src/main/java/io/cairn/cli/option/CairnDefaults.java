package io.cairn.cli.option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for options not given on the command line: first the {@code CAIRN_<OPTION>} environment
 * variable ({@code --data-dir} -> {@code CAIRN_DATA_DIR}), then, for commands with a {@code
 * --config} option, the YAML file it names (or {@code CAIRN_CONFIG}), then the built-in default. So
 * the precedence is flag > environment > file > default.
 */
public final class CairnDefaults implements IDefaultValueProvider {
  /** Options that may come from the environment; per-request flags such as --prefix may not. */
  static final Set<String> FROM_ENV =
      Set.of(
          "endpoints",
          "timeout",
          "output",
          "config",
          "id",
          "data-dir",
          "client-addr",
          "peer-addr",
          "initial-cluster",
          "join",
          "cluster-token",
          "auto-compaction-retention",
          "snapshot-count",
          "metrics-addr",
          "nodes",
          "base-port");

  private final Function<String, String> env;

  public CairnDefaults() {
    this(System::getenv);
  }

  /** For tests: a fake environment. */
  public CairnDefaults(Function<String, String> env) {
    this.env = env;
  }

  /**
   * The environment variable for a long option name: {@code data-dir} -> {@code CAIRN_DATA_DIR}.
   */
  public static String envName(String option) {
    return "CAIRN_" + option.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName().replaceFirst("^-+", "");
    if (FROM_ENV.contains(name)) {
      String fromEnv = env.apply(envName(name));
      if (fromEnv != null && !fromEnv.isBlank()) {
        return fromEnv;
      }
    }
    if (!name.equals("config")) {
      String fromFile = fromConfigFile(option, name);
      if (fromFile != null) {
        return fromFile;
      }
    }
    return option.defaultValue();
  }

  /** Picocli asks for defaults after the given flags are parsed, so --config is known here. */
  private String fromConfigFile(OptionSpec option, String name) {
    OptionSpec configOption = option.command().findOption("--config");
    if (configOption == null) {
      return null;
    }
    Object given = configOption.getValue();
    String file = given != null ? given.toString() : env.apply(envName("config"));
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      Map<String, String> values = ConfigFile.load(Path.of(file)).values();
      return values.get(name);
    } catch (RuntimeException e) {
      return null; // the command loads the file itself and reports why it failed
    }
  }
}
