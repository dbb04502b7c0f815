package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's {@code use-regex} annotation of one Ingress (SEMANTICS.md, "Regex paths").
 * As ingress-nginx reads a boolean annotation (Go's strconv.ParseBool): {@code 1 t T TRUE true True}
 * are true, {@code 0 f F FALSE false False} false; anything else is false, here with a warning.
 * A non-empty {@code rewrite-target} asks for regex paths too: ingress-nginx enforces its regex
 * location modifier on a host where any Ingress has either.
 */
public final class UseRegex {
  /** The annotation key, as ingress-nginx spells it. */
  public static final String ANNOTATION = "nginx.ingress.kubernetes.io/use-regex";
  /** The field diagnostics about it name. */
  public static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";
  /** ingress-nginx's rewrite annotation, which makes a host's paths regexes as use-regex does. */
  public static final String REWRITE_TARGET = "nginx.ingress.kubernetes.io/rewrite-target";

  private UseRegex() {}

  /** Whether the Ingress asks for regex paths; false without the annotation. Problems go to {@code report}. */
  static boolean of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> annotations = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = annotations == null ? null : annotations.get(ANNOTATION);
    String rewrite = annotations == null ? null : annotations.get(REWRITE_TARGET);
    if (rewrite != null && !rewrite.isEmpty()) {
      return true;
    }
    if (raw == null || GoBool.parse(raw).equals(Optional.of(false))) {
      return false;
    }
    if (GoBool.parse(raw).equals(Optional.of(true))) {
      return true;
    }
    report.accept(ing.diagnostic(Severity.WARNING, FIELD, Names.quote(raw)
        + " is not a boolean (true or false, as Go's ParseBool reads it); paths are not regexes, as in ingress-nginx",
        AnnotationAccounting.INVALID_VALUE));
    return false;
  }
}
