package io.cairn.cli.option;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every client command accepts, before or after the command name (they are inherited by
 * subcommands). Defaults come from {@code CAIRN_*} variables through {@link CairnDefaults}.
 */
public final class GlobalOptions {
  /** Client endpoints of the cluster {@code cairn local} starts with its default base port. */
  public static final String LOCAL_ENDPOINTS = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";

  @Option(
      names = "--endpoints",
      scope = ScopeType.INHERIT,
      paramLabel = "HOST:PORT[,...]",
      defaultValue = LOCAL_ENDPOINTS,
      description =
          "Client addresses of cluster members (env CAIRN_ENDPOINTS; default ${DEFAULT-VALUE}).")
  String endpoints;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Deadline per request including retries, e.g. 500ms, 5s, 1m (env CAIRN_TIMEOUT; default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "simple",
      description =
          "Output format: ${COMPLETION-CANDIDATES} (env CAIRN_OUTPUT; default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Option(
      names = "--hex",
      scope = ScopeType.INHERIT,
      description = "Keys and values given and shown as hex (binary-safe).")
  boolean hex;

  public List<String> endpoints() {
    return Arrays.stream(endpoints.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public String endpointsSpec() {
    return endpoints;
  }

  public Duration timeout() {
    return timeout;
  }

  public OutputFormat output() {
    return output;
  }

  public boolean hex() {
    return hex;
  }
}
