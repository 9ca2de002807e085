package io.cairn.cli.option;

import io.cairn.cli.CliException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A flat YAML config file: each key is a long option name without the dashes ({@code data-dir:
 * /var/lib/cairn}); a list value is joined with commas ({@code initial-cluster:} as a list).
 */
public final class ConfigFile {
  private final Path path;
  private final Map<String, String> values;

  private ConfigFile(Path path, Map<String, String> values) {
    this.path = path;
    this.values = values;
  }

  /** Reads the file, failing with a one-line usage error if it is missing or not flat YAML. */
  public static ConfigFile load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw CliException.usage("config file " + path + " does not exist");
    }
    if (!Files.isReadable(path)) {
      throw CliException.usage("config file " + path + " is not readable");
    }
    Object doc;
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw CliException.usage("config file " + path + " cannot be read: " + e.getMessage());
    } catch (YAMLException e) {
      String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw CliException.usage("config file " + path + " is not valid YAML: " + why);
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (doc == null) {
      return new ConfigFile(path, values);
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw CliException.usage("config file " + path + " must be a mapping of option: value");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Map<?, ?>) {
        throw CliException.usage(
            "config file " + path + ": key '" + e.getKey() + "' must have a plain value");
      }
      String text =
          v instanceof Collection<?> c
              ? c.stream().map(String::valueOf).collect(Collectors.joining(","))
              : v == null ? "" : String.valueOf(v);
      values.put(String.valueOf(e.getKey()), text);
    }
    return new ConfigFile(path, values);
  }

  public Path path() {
    return path;
  }

  /** Values keyed by long option name without dashes. */
  public Map<String, String> values() {
    return values;
  }
}
