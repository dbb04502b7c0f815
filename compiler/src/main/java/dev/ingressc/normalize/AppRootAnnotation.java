package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.annotations.AnnotationTable;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The step {@code check}'s reading of ingress-nginx's {@code app-root} on one Ingress (what it
 * means per host is {@link AppRoots}). As ingress-nginx: a value that is not a path starting with
 * {@code /} (an absolute URL, a relative path) is ignored with a warning. Beyond it: a path holding
 * a character outside {@link #PATH}, or longer than {@link #MAX_LENGTH}, rejects the Ingress, since
 * every target prints it into a Location ({@code $} would be an nginx variable, {@code %} an HAProxy
 * log-format tag; quotes, spaces, {@code #} and control characters cannot be answered alike).
 */
final class AppRootAnnotation {
  static final String ANNOTATION = AnnotationTable.NGINX + "app-root";
  static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";
  /** The characters of a path and query every target prints literally (those of RouteRedirects' URLs). */
  static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!&()*+,;=:@/?-]*");
  /** Far below every target's line limit (HAProxy's 2048-byte configuration lines). */
  static final int MAX_LENGTH = 1024;

  private AppRootAnnotation() {}

  /** The Ingress's application root, or null; findings go to {@code report} (an error rejects the Ingress). */
  static String of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = a == null ? null : a.get(ANNOTATION);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (!raw.startsWith("/")) {
      report.accept(ing.diagnostic(Severity.WARNING, FIELD, Names.quote(raw) + " is not a path starting with \"/\":"
          + " ignored, as ingress-nginx ignores it (app-root only allows absolute paths)", AnnotationAccounting.INVALID_VALUE));
      return null;
    }
    if (raw.length() > MAX_LENGTH || !PATH.matcher(raw).matches()) {
      report.accept(ing.diagnostic(Severity.ERROR, FIELD, Names.quote(raw) + " cannot be answered alike by every target:"
          + " app-root is a path and query of at most " + MAX_LENGTH + " letters, digits and - . _ ~ ! & ( ) * + , ; = :"
          + " @ / ? (no $, %, #, quotes, spaces or control characters)", AnnotationAccounting.INVALID_VALUE));
      return null;
    }
    return raw;
  }
}
