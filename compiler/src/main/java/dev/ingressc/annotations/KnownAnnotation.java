package dev.ingressc.annotations;

import java.util.Set;

/**
 * One annotation key ingressc knows, and what becomes of it.
 *
 * @param key the whole key, spelled as its controller spells it
 * @param status what ingressc does with it
 * @param failsClosed serving the Ingress without honouring it would do harm: let in requests the
 *     annotation keeps out (auth, source ranges, a WAF, backend verification), or hand the Ingress
 *     traffic that is not its own (a canary). While not honoured, its Ingress is rejected
 * @param inertValues values (compared case-insensitively) that ask for what ingressc does anyway,
 *     usually ingress-nginx's default, e.g. {@code "false"} for a feature switch: with one of these
 *     the annotation is harmless whatever its status
 * @param reason for HONOURED what it does; for HARMLESS why ignoring it changes nothing; for
 *     NOT_SUPPORTED what ingressc does instead; for REFUSED why it never will
 * @param needs what an honoured key asks of its target: a target that lacks one rejects the
 *     Ingress for itself (SEMANTICS.md, What a target lacks)
 */
public record KnownAnnotation(String key, AnnotationStatus status, boolean failsClosed, Set<String> inertValues,
    String reason, Set<dev.ingressc.ir.TargetFeature> needs) {

  public KnownAnnotation {
    inertValues = Set.copyOf(inertValues);
    needs = Set.copyOf(needs);
  }

  /** A key that asks nothing of its target beyond what every target does. */
  public KnownAnnotation(String key, AnnotationStatus status, boolean failsClosed, Set<String> inertValues,
      String reason) {
    this(key, status, failsClosed, inertValues, reason, Set.of());
  }

  /** The same key, which needs {@code features} of its target. */
  KnownAnnotation needing(dev.ingressc.ir.TargetFeature... features) {
    return new KnownAnnotation(key, status, failsClosed, inertValues, reason, Set.of(features));
  }

  /** Whether {@code value} asks for nothing that ingressc does not do anyway. */
  public boolean inert(String value) {
    return value != null && inertValues.contains(value.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * The status on one target. One behaviour on all three proxies is the rule; a target that lacks
   * something the key {@link #needs} rejects the Ingress for itself instead, which the page says.
   */
  public AnnotationStatus statusOn(String target) {
    return status;
  }
}
