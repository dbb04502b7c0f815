package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The step {@code check}'s reading of ingress-nginx's {@code from-to-www-redirect} on one Ingress
 * (what it means per host is {@link WwwRedirects}): Go's ParseBool, as ingress-nginx reads it; any
 * other value is ignored with a warning.
 */
final class WwwRedirectAnnotation {
  static final String ANNOTATION = AnnotationTable.NGINX + "from-to-www-redirect";
  static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";

  private WwwRedirectAnnotation() {}

  static boolean of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = a == null ? null : a.get(ANNOTATION);
    if (raw == null || GoBool.parse(raw).equals(Optional.of(false))) {
      return false;
    }
    if (!GoBool.parse(raw).equals(Optional.of(true))) {
      report.accept(ing.diagnostic(Severity.WARNING, FIELD, Names.quote(raw)
          + " is not a boolean (true or false, as Go's ParseBool reads it): no www redirect",
          AnnotationAccounting.INVALID_VALUE));
      return false;
    }
    return true;
  }
}
