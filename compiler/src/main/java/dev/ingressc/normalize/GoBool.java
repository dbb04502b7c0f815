package dev.ingressc.normalize;

import java.util.Optional;
import java.util.Set;

/** A boolean annotation as ingress-nginx reads it: Go's strconv.ParseBool. */
final class GoBool {
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

  private GoBool() {}

  /** {@code raw}'s value; empty when it is not one ParseBool takes. */
  static Optional<Boolean> parse(String raw) {
    return TRUE.contains(raw) ? Optional.of(true) : FALSE.contains(raw) ? Optional.of(false) : Optional.empty();
  }
}
