package io.cairn.jepsen.model;

import java.util.List;

/** The models {@code cairn check --model} accepts, by name. */
public final class Models {
  private Models() {}

  /** Every accepted name, Cairn's own models first. */
  public static final List<String> NAMES =
      List.of("register", "cas-register", "kv", "knossos-cas-register", "mutex", "multi-register");

  /**
   * Returns the model called {@code name}.
   *
   * <ul>
   *   <li>{@code register}: read/write(/delete) per key, starts absent, null read = absent
   *   <li>{@code cas-register}: register plus cas {@code [expected, new]}
   *   <li>{@code kv}: get/put/append string per key, starts ""
   *   <li>{@code knossos-cas-register}: cas-register starting at 0 where a null read is a wildcard
   *       (Knossos histories)
   *   <li>{@code mutex}, {@code multi-register}: Knossos's models of those names
   * </ul>
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static Model byName(String name) {
    return switch (name) {
      case "register" -> new RegisterModel("register", false, null, false);
      case "cas-register" -> new RegisterModel("cas-register", true, null, false);
      case "knossos-cas-register" -> new RegisterModel("knossos-cas-register", true, 0L, true);
      case "kv" -> new KvModel();
      case "mutex" -> new MutexModel();
      case "multi-register" -> new MultiRegisterModel();
      default ->
          throw new IllegalArgumentException(
              "unknown model '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }
}
