package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.SslRedirect;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads ingress-nginx's {@code ssl-redirect} and {@code force-ssl-redirect} of one Ingress, booleans
 * spelt as Go's strconv.ParseBool reads them (ingress-nginx's parser); any other value gets a
 * warning and counts as unset, as ingress-nginx ignores it.
 */
final class SslRedirects {
  static final String SSL_REDIRECT = AnnotationTable.NGINX + "ssl-redirect";
  static final String FORCE = AnnotationTable.NGINX + "force-ssl-redirect";

  private SslRedirects() {}

  static SslRedirect of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    if (a == null) {
      return SslRedirect.HOST_DEFAULT;
    }
    Optional<Boolean> ssl = bool(ing, SSL_REDIRECT, a.get(SSL_REDIRECT), report);
    boolean force = bool(ing, FORCE, a.get(FORCE), report).orElse(false);
    return ssl.isEmpty() && !force ? SslRedirect.HOST_DEFAULT : new SslRedirect(ssl, force);
  }

  private static Optional<Boolean> bool(Located<Ingress> ing, String key, String raw, Consumer<Diagnostic> report) {
    if (raw == null) {
      return Optional.empty();
    }
    if (GoBool.parse(raw).isPresent()) {
      return GoBool.parse(raw);
    }
    report.accept(ing.diagnostic(Severity.WARNING, RouteRedirects.field(key), Names.quote(raw)
        + " is not a boolean (true or false): ignored, as ingress-nginx does", AnnotationAccounting.INVALID_VALUE));
    return Optional.empty();
  }
}
