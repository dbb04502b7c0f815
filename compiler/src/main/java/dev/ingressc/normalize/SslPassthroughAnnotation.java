package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The step {@code check}'s reading of ingress-nginx's {@code ssl-passthrough} on one Ingress (what
 * it means per host is {@link SslPassthroughs}): Go's ParseBool, as ingress-nginx reads it, and a
 * warning for each thing of the Ingress that the passthrough leaves to plain HTTP.
 */
final class SslPassthroughAnnotation {
  /** The annotation key, as ingress-nginx spells it. */
  static final String ANNOTATION = "nginx.ingress.kubernetes.io/ssl-passthrough";
  static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";
  private static final String PREFIX = "nginx.ingress.kubernetes.io/";
  /** Go's strconv.ParseBool, which ingress-nginx's boolean annotations use. */

  private SslPassthroughAnnotation() {}

  /**
   * Whether the Ingress asks for passthrough; a value Go's ParseBool refuses is ignored with a
   * warning, as ingress-nginx ignores it. When asked, what it makes inert is reported too.
   */
  static boolean of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> annotations = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = annotations == null ? null : annotations.get(ANNOTATION);
    if (raw == null || GoBool.parse(raw).equals(Optional.of(false))) {
      return false;
    }
    if (!GoBool.parse(raw).equals(Optional.of(true))) {
      report.accept(ing.diagnostic(Severity.WARNING, FIELD, Names.quote(raw)
          + " is not a boolean (true or false, as Go's ParseBool reads it); TLS is not passed through",
          AnnotationAccounting.INVALID_VALUE));
      return false;
    }
    for (String key : new TreeMap<>(annotations).keySet()) {
      if (key.startsWith(PREFIX) && !key.equals(ANNOTATION)) {
        report.accept(ing.warning("metadata.annotations[" + key + "]", "applies to plain HTTP only: ssl-passthrough"
            + " passes the TLS connections of this Ingress's hosts to their backend untouched, as ingress-nginx does"));
      }
    }
    List<io.fabric8.kubernetes.api.model.networking.v1.IngressTLS> tls = ing.value().getSpec() == null ? null
        : ing.value().getSpec().getTls();
    for (int i = 0; tls != null && i < tls.size(); i++) {
      report.accept(ing.warning("spec.tls[" + i + "]", "its certificate is not served to the hosts this Ingress passes"
          + " through (ssl-passthrough): their backend terminates TLS; it still decides whether plain HTTP to them is"
          + " redirected to https"));
    }
    return true;
  }

}
