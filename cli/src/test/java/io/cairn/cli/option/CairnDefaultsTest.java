package io.cairn.cli.option;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CairnDefaultsTest {
  @Command(name = "t")
  static class Probe {
    @Mixin GlobalOptions globals;

    @Option(names = "--prefix")
    boolean prefix;
  }

  static Probe parse(Map<String, String> env, String... args) {
    Probe p = new Probe();
    CommandLine cl = new CommandLine(p);
    cl.setDefaultValueProvider(new CairnDefaults(env::get));
    cl.parseArgs(args);
    return p;
  }

  @Test
  void environmentSuppliesGlobalDefaults() {
    Probe p =
        parse(
            Map.of(
                "CAIRN_ENDPOINTS", "10.0.0.1:1,10.0.0.2:2",
                "CAIRN_TIMEOUT", "250ms",
                "CAIRN_OUTPUT", "json",
                "CAIRN_PREFIX", "true"));
    assertThat(p.globals.endpoints()).containsExactly("10.0.0.1:1", "10.0.0.2:2");
    assertThat(p.globals.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.globals.output()).isEqualTo(OutputFormat.json);
    assertThat(p.prefix).as("per-request flags never come from the environment").isFalse();
  }

  @Test
  void withoutEnvironmentTheLocalClusterIsTheDefault() {
    Probe p = parse(Map.of());
    assertThat(p.globals.endpoints())
        .containsExactly("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003");
    assertThat(p.globals.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.globals.output()).isEqualTo(OutputFormat.simple);
  }

  @Test
  void aFlagBeatsTheEnvironment() {
    Probe p = parse(Map.of("CAIRN_ENDPOINTS", "10.0.0.1:1"), "--endpoints", "h:9");
    assertThat(p.globals.endpoints()).containsExactly("h:9");
  }

  @Test
  void durations() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert("0s"))
        .hasMessageContaining("positive");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.convert("fast"))
        .hasMessageContaining("not a duration");
  }
}
