package dev.ingressc.cli;

import dev.ingressc.TargetProfile;
import dev.ingressc.emit.Emitter;
import dev.ingressc.emit.Emitters;
import java.util.Optional;

/** The profile a compile for one target uses: its name and what its emitter says it lacks. */
final class TargetProfiles {
  private TargetProfiles() {}

  /** {@code target} in {@code format}; {@link TargetProfile#ANY} for a target this build does not have. */
  static TargetProfile of(String target, Optional<String> format) {
    Emitter e = Emitters.available().get(target);
    if (e == null) {
      return TargetProfile.ANY;
    }
    java.util.Set<dev.ingressc.ir.TargetFeature> lacks = e.lacks(format);
    // Another format of the same target that lacks none of it: say so.
    String other = e.formats().stream().filter(f -> !f.isEmpty() && !format.equals(Optional.of(f)))
        .filter(f -> e.lacks(Optional.of(f)).stream().noneMatch(lacks::contains)).findFirst()
        .map(f -> "--format " + f + " can").orElse("");
    return new TargetProfile(target + format.map(f -> " (--format " + f + ")").orElse(""), lacks,
        lacks.isEmpty() ? "" : other);
  }
}
