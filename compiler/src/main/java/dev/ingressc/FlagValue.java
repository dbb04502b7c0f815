package dev.ingressc;

import java.util.Optional;

/**
 * A command-line flag's value as the CLI parsed it: the typed value, or why its text is not one.
 * The compiler reports the problem (as a diagnostic of the flag) where it would have used the value,
 * so a malformed flag is reported exactly as before and does not stop the compile.
 *
 * @param value the typed value; empty when the text is malformed
 * @param problem why the text is malformed (user text quoted), or empty
 */
public record FlagValue<T>(Optional<T> value, String problem) {
  public static <T> FlagValue<T> of(T value) {
    return new FlagValue<>(Optional.of(value), "");
  }

  public static <T> FlagValue<T> invalid(String problem) {
    return new FlagValue<>(Optional.empty(), problem);
  }
}
