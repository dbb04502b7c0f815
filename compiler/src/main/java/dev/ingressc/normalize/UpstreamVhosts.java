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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ingress-nginx's {@code upstream-vhost} of one Ingress: the Host header its paths' backends
 * receive instead of the client's (SEMANTICS.md, Forwarding headers). ingress-nginx prints the value
 * into a quoted nginx string; ingressc takes only a host[:port] that every target prints literally:
 * a DNS name (labels of letters, digits and {@code -}) or an IPv4 address, and a port from 1 to
 * 65535. Anything else is an error that rejects the Ingress (sending the client's Host instead could
 * reach another virtual host of the backend); an empty value is unset, with a warning, as ingress-nginx
 * ignores it.
 */
final class UpstreamVhosts {
  static final String KEY = AnnotationTable.NGINX + "upstream-vhost";
  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final Pattern HOST_PORT = Pattern.compile("(" + LABEL + "(?:\\." + LABEL + ")*)(?::([0-9]{1,5}))?");

  private UpstreamVhosts() {}

  /** The Ingress's upstream Host, if any; findings go to {@code report} (an error rejects the Ingress). */
  static Optional<String> of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> a = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = a == null ? null : a.get(KEY);
    if (raw == null) {
      return Optional.empty();
    }
    if (raw.isEmpty()) {
      report.accept(ing.diagnostic(Severity.WARNING, RouteRedirects.field(KEY), "empty: ignored, as ingress-nginx does;"
          + " the backend receives the client's Host", AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    String problem = problem(raw);
    if (problem != null) {
      report.accept(ing.diagnostic(Severity.ERROR, RouteRedirects.field(KEY), Names.quote(raw) + " " + problem,
          AnnotationAccounting.INVALID_VALUE));
      return Optional.empty();
    }
    return Optional.of(raw);
  }

  /** Why {@code v} is not a host[:port] every target prints literally, or null when it is. */
  static String problem(String v) {
    Matcher m = HOST_PORT.matcher(v);
    if (!m.matches() || m.group(1).length() > 253) {
      return "is not a host name or IPv4 address with an optional port (letters, digits, '-' and '.', then ':' and a"
          + " port): the Ingress is rejected, as no target may send another Host";
    }
    if (m.group(2) != null && (Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535)) {
      return "has a port outside 1-65535: the Ingress is rejected, as no target may send another Host";
    }
    return null;
  }
}
