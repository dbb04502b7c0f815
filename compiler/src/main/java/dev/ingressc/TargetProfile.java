package dev.ingressc;

import dev.ingressc.ir.TargetFeature;
import java.util.EnumSet;
import java.util.Set;

/**
 * The target a compile is for, and what it lacks ({@link TargetFeature}): an Ingress that needs
 * something its target lacks is rejected for that target, with a diagnostic naming both, and the
 * rest still compiles. The CLI and the sidecar ask the target's emitter what it lacks.
 *
 * @param name the target's name (with its format when that matters, e.g. {@code nginx (native format)}),
 *     for diagnostics; empty for {@link #ANY}
 * @param lacks what it cannot do
 * @param advice where the user finds what it lacks, e.g. another output format of the same target; empty: nowhere
 */
public record TargetProfile(String name, Set<TargetFeature> lacks, String advice) {
  /** No target in particular: the IR every target starts from, nothing rejected for a target. */
  public static final TargetProfile ANY = new TargetProfile("", Set.of());

  public TargetProfile {
    lacks = lacks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(lacks));
  }

  public TargetProfile(String name, Set<TargetFeature> lacks) {
    this(name, lacks, "");
  }

  /** What of {@code needed} this target lacks, in the enum's order. */
  public Set<TargetFeature> lacking(Set<TargetFeature> needed) {
    EnumSet<TargetFeature> out = EnumSet.noneOf(TargetFeature.class);
    for (TargetFeature f : needed) {
      if (lacks.contains(f)) {
        out.add(f);
      }
    }
    return out;
  }
}
