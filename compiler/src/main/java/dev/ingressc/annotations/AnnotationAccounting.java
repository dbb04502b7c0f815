package dev.ingressc.annotations;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What becomes of each annotation of one Ingress, read from {@link AnnotationTable}: every key is
 * accounted for, and every one that ingressc does not honour gets a diagnostic with a stable code.
 * A key that fails closed, or is refused, gives an error, which rejects the Ingress.
 */
public final class AnnotationAccounting {
  /** Stable diagnostic codes, for {@code validate --output json}. */
  public static final String NOT_SUPPORTED = "annotation.not-supported";
  public static final String FAIL_CLOSED = "annotation.fail-closed";
  public static final String REFUSED = "annotation.refused";
  public static final String HARMLESS = "annotation.harmless";
  public static final String OTHER_CONTROLLER = "annotation.other-controller";
  public static final String UNKNOWN = "annotation.unknown";
  public static final String INVALID_KEY = "annotation.invalid-key";
  /** A value an honoured annotation cannot use; its reader says what is used instead. */
  public static final String INVALID_VALUE = "annotation.invalid-value";
  /** An honoured annotation that the target compiled for cannot do; the Ingress is rejected for that target. */
  public static final String TARGET_LACKS = "annotation.target-lacks";

  // The API server's rule for annotation keys: an optional DNS subdomain prefix and '/', then a name.
  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** What became of one annotation. */
  public enum Verdict {
    HONOURED("honoured"),
    SAME_AS_DEFAULT("honoured: asks for what ingressc does anyway"),
    HARMLESS("ignored, harmless"),
    NOT_SUPPORTED("NOT SUPPORTED yet"),
    REJECTS("REJECTS the Ingress"),
    OTHER_CONTROLLER("another controller's, no effect here"),
    METADATA("metadata for other tools"),
    UNKNOWN("unknown, no effect");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * One annotation's fate.
   *
   * @param key the annotation key
   * @param verdict what ingressc does with it
   * @param explanation why, in words (for {@code describe})
   * @param diagnostic the finding reported for it, if any
   */
  public record Outcome(String key, Verdict verdict, String explanation, Optional<Diagnostic> diagnostic) {}

  private AnnotationAccounting() {}

  /**
   * Accounts for every annotation of {@code ing}, in key order. With {@code strict}, every warning
   * is an error, so an Ingress with an annotation that ingressc does not honour is rejected.
   */
  public static List<Outcome> account(Located<Ingress> ing, boolean strict) {
    Map<String, String> annotations = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (annotations == null || annotations.isEmpty()) {
      return List.of();
    }
    List<Outcome> out = new ArrayList<>(annotations.size());
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      Outcome o = outcome(ing, e.getKey(), e.getValue() == null ? "" : e.getValue());
      if (strict) {
        o = new Outcome(o.key(), o.verdict(), o.explanation(), o.diagnostic().map(AnnotationAccounting::underStrict));
      }
      out.add(o);
    }
    return List.copyOf(out);
  }

  /** The diagnostics of {@link #account}, in key order. */
  public static List<Diagnostic> diagnostics(List<Outcome> outcomes) {
    return outcomes.stream().flatMap(o -> o.diagnostic().stream()).toList();
  }

  /**
   * What {@code --strict} makes of an annotation finding: a warning becomes an error. The readers
   * of honoured annotations pass their findings (an unusable value) through this as well.
   */
  public static Diagnostic underStrict(Diagnostic d) {
    return d.severity() != Severity.WARNING ? d
        : new Diagnostic(Severity.ERROR, d.object(), d.file(), d.line(), d.field(), d.message() + " (an error under --strict)",
            d.code());
  }

  private static Outcome outcome(Located<Ingress> ing, String key, String value) {
    if (!validKey(key)) {
      String why = "is not a valid annotation key (an optional DNS subdomain and '/', then at most 63 letters, digits,"
          + " '-', '_' and '.', starting and ending with a letter or digit); the API server would refuse the object";
      return new Outcome(key, Verdict.REJECTS, why, Optional.of(ing.diagnostic(Severity.ERROR, "metadata.annotations",
          "annotation key " + dev.ingressc.validate.Names.quote(key) + " " + why, INVALID_KEY)));
    }
    String field = "metadata.annotations[" + key + "]";
    Optional<KnownAnnotation> known = AnnotationTable.lookup(key);
    if (known.isPresent()) {
      return known(ing, field, known.get(), value);
    }
    if (key.startsWith(AnnotationTable.NGINX)) {
      if (key.endsWith("-snippet") || key.endsWith("-snippets")) {
        String why = "a snippet: " + AnnotationTable.snippetReason();
        return new Outcome(key, Verdict.REJECTS, why, Optional.of(ing.diagnostic(Severity.ERROR, field,
            "annotation " + key + " is refused, and the Ingress with it: " + why, REFUSED)));
      }
      String why = "not an ingress-nginx annotation that ingressc knows (a misspelling, or one from another release?)";
      return new Outcome(key, Verdict.UNKNOWN, why, Optional.of(ing.diagnostic(Severity.WARNING, field,
          "annotation " + key + " is " + why + "; it has no effect", UNKNOWN)));
    }
    Optional<AnnotationFamily> family = AnnotationTable.family(key);
    if (family.isPresent() && family.get().metadataOnly()) {
      return new Outcome(key, Verdict.METADATA, "read by " + family.get().owner(), Optional.empty());
    }
    int slash = key.indexOf('/');
    String name = key.substring(slash + 1);
    // The same name as one of ingress-nginx's: another controller's key of the same meaning
    // (haproxy-ingress, AWS ALB and old ingress-nginx spell auth and source ranges so), or
    // ingress-nginx's own under another --annotations-prefix.
    Optional<KnownAnnotation> sameName = slash > 0 ? AnnotationTable.lookup(AnnotationTable.NGINX + name) : Optional.empty();
    String owner = family.map(f -> "meant for " + f.owner()).orElse("not read by ingressc");
    if (sameName.isPresent() && sameName.get().failsClosed() && !sameName.get().inert(value)) {
      String why = owner + ", and it may ask for what ingress-nginx's " + name + " asks for: " + sameName.get().reason();
      return new Outcome(key, Verdict.REJECTS, why, Optional.of(ing.diagnostic(Severity.ERROR, field, "annotation " + key
          + " is " + why + "; ingressc cannot honour it, so the Ingress is rejected rather than served without it", FAIL_CLOSED)));
    }
    if (family.isPresent()) {
      return new Outcome(key, Verdict.OTHER_CONTROLLER, owner, Optional.of(ing.diagnostic(Severity.WARNING, field,
          "annotation " + key + " is " + owner + "; it has no effect here", OTHER_CONTROLLER)));
    }
    if (sameName.isPresent()) {
      String why = "not read by ingressc, but its name is ingress-nginx's " + name + " (was ingress-nginx run with"
          + " --annotations-prefix " + key.substring(0, slash) + "?)";
      return new Outcome(key, Verdict.UNKNOWN, why, Optional.of(ing.diagnostic(Severity.WARNING, field, "annotation " + key
          + " is " + why + "; ingressc reads ingress-nginx's annotations only as " + AnnotationTable.NGINX + name
          + ", so this one has no effect", UNKNOWN)));
    }
    return new Outcome(key, Verdict.UNKNOWN, "ingressc gives this key no meaning", Optional.of(ing.diagnostic(Severity.NOTE,
        field, "annotation " + key + " has no meaning for ingressc; it has no effect", UNKNOWN)));
  }

  private static Outcome known(Located<Ingress> ing, String field, KnownAnnotation a, String value) {
    String key = a.key();
    if (a.status() == AnnotationStatus.HONOURED) {
      return new Outcome(key, Verdict.HONOURED, a.reason(), Optional.empty());
    }
    if (a.inert(value)) {
      return new Outcome(key, Verdict.SAME_AS_DEFAULT, "this value asks for nothing ingressc does not do", Optional.empty());
    }
    return switch (a.status()) {
      case HARMLESS -> new Outcome(key, Verdict.HARMLESS, a.reason(), Optional.of(ing.diagnostic(Severity.NOTE, field,
          "annotation " + key + " is ignored, which is harmless: " + a.reason(), HARMLESS)));
      case REFUSED -> new Outcome(key, Verdict.REJECTS, a.reason(), Optional.of(ing.diagnostic(Severity.ERROR, field,
          "annotation " + key + " is refused, and the Ingress with it: " + a.reason(), REFUSED)));
      case NOT_SUPPORTED -> a.failsClosed()
          ? new Outcome(key, Verdict.REJECTS, "asks for " + a.reason() + "; not supported yet, so the Ingress is never"
              + " served without it", Optional.of(ing.diagnostic(Severity.ERROR, field, "annotation " + key + " asks for "
                  + a.reason() + "; ingressc cannot honour it yet, so the Ingress is rejected rather than served without it",
                  FAIL_CLOSED)))
          : new Outcome(key, Verdict.NOT_SUPPORTED, "instead, " + a.reason(), Optional.of(ing.diagnostic(Severity.WARNING,
              field, "annotation " + key + " is not supported yet; what ingressc does instead: " + a.reason(),
              NOT_SUPPORTED)));
      case HONOURED -> throw new AssertionError("handled above");
    };
  }

  /** The API server's rule for annotation keys (a qualified name). */
  static boolean validKey(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
      return false;
    }
    return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
  }
}
