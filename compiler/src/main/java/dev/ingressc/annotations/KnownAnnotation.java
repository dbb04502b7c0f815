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
 */
public record KnownAnnotation(
    String key, AnnotationStatus status, boolean failsClosed, Set<String> inertValues, String reason) {

  public KnownAnnotation {
    inertValues = Set.copyOf(inertValues);
  }

  /** Whether {@code value} asks for nothing that ingressc does not do anyway. */
  public boolean inert(String value) {
    return value != null && inertValues.contains(value.trim().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * The status on one target. Every target honours the same set today (one behaviour on all three
   * proxies is the rule); a target that could not would answer differently here, and its Ingresses
   * would be rejected for that target when the annotation fails closed.
   */
  public AnnotationStatus statusOn(String target) {
    return status;
  }
}
