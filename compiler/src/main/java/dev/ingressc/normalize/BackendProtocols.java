package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's backend-protocol annotation of one Ingress: how the proxy speaks to the
 * Services its rules and spec.defaultBackend name. As ingress-nginx does, the value is trimmed and
 * compared case-insensitively, and an unusable value falls back to HTTP (here with a warning).
 */
public final class BackendProtocols {
  /** The annotation key, as ingress-nginx spells it. */
  public static final String ANNOTATION = "nginx.ingress.kubernetes.io/backend-protocol";
  /** The field diagnostics about it name. */
  public static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";
  /** Values ingress-nginx accepts that ingressc does not serve. */
  private static final Set<String> UNSUPPORTED = Set.of("AUTO_HTTP", "AJP", "FCGI");

  private BackendProtocols() {}

  /** The Ingress's backend protocol; HTTP without the annotation. Problems go to {@code report}. */
  static BackendProtocol of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> annotations = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = annotations == null ? null : annotations.get(ANNOTATION);
    if (raw == null) {
      return BackendProtocol.HTTP;
    }
    String value = raw.trim().toUpperCase(Locale.ROOT);
    for (BackendProtocol p : BackendProtocol.values()) {
      if (p.name().equals(value)) {
        return p;
      }
    }
    String why = UNSUPPORTED.contains(value) ? " is not supported by ingressc (HTTP, HTTPS, GRPC or GRPCS are); HTTP is used"
        : " is not a backend protocol (HTTP, HTTPS, GRPC or GRPCS); HTTP is used, as ingress-nginx does";
    report.accept(ing.diagnostic(dev.ingressc.diag.Severity.WARNING, FIELD, Names.quote(raw) + why,
        AnnotationAccounting.INVALID_VALUE));
    return BackendProtocol.HTTP;
  }
}
