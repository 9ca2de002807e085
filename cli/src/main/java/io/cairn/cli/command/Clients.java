package io.cairn.cli.command;

import io.cairn.cli.CliException;
import io.cairn.client.CairnClient;
import java.time.Duration;
import java.util.List;

/** Builds clients from CLI options; a malformed endpoint is a usage error. */
public final class Clients {
  private Clients() {}

  public static CairnClient build(List<String> endpoints, Duration timeout) {
    if (endpoints.isEmpty()) {
      throw CliException.usage("--endpoints is empty");
    }
    quietLogging();
    try {
      return CairnClient.builder()
          .endpoints(endpoints)
          .callTimeout(timeout)
          .connectTimeout(
              timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2))
          .build();
    } catch (IllegalArgumentException e) {
      throw CliException.usage(
          "bad --endpoints " + String.join(",", endpoints) + ": " + e.getMessage());
    }
  }

  /** gRPC logs through java.util.logging; a command's only stderr output is its error line. */
  private static void quietLogging() {
    if (System.getenv("CAIRN_DEBUG") == null) {
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
    }
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
  }
}
