package dev.ingressc.normalize;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.Passthrough;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.load.Located;
import dev.ingressc.validate.Names;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * ingress-nginx's {@code ssl-passthrough}: the TLS connections of a host, chosen by SNI, pass
 * untouched to the backend of the host's {@code /} path, which terminates TLS itself. As in
 * ingress-nginx: a host is passed through when any Ingress with rules for it asks; only its
 * {@code /} path chooses the backend (its other paths, and every other annotation of the
 * Ingress, apply to plain HTTP only); a wildcard or host-less rule is never passed through
 * (ingress-nginx compares the SNI with exact host names); a connection without SNI, or with
 * another, is served as before. Each of these surprises gets a warning.
 */
final class SslPassthroughs {
  /** The annotation key, as ingress-nginx spells it. */
  static final String ANNOTATION = "nginx.ingress.kubernetes.io/ssl-passthrough";
  static final String FIELD = "metadata.annotations[" + ANNOTATION + "]";
  private static final String PREFIX = "nginx.ingress.kubernetes.io/";
  /** Go's strconv.ParseBool, which ingress-nginx's boolean annotations use. */
  private static final Set<String> TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");
  private static final Set<String> FALSE = Set.of("0", "f", "F", "FALSE", "false", "False");

  private SslPassthroughs() {}

  /**
   * Whether the Ingress asks for passthrough; a value Go's ParseBool refuses is ignored with a
   * warning, as ingress-nginx ignores it. When asked, what it makes inert is reported too.
   */
  static boolean of(Located<Ingress> ing, Consumer<Diagnostic> report) {
    Map<String, String> annotations = ing.value().getMetadata() == null ? null : ing.value().getMetadata().getAnnotations();
    String raw = annotations == null ? null : annotations.get(ANNOTATION);
    if (raw == null || FALSE.contains(raw)) {
      return false;
    }
    if (!TRUE.contains(raw)) {
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

  /**
   * Decides the passthrough of {@code host} from its contenders (in conflict order) and its
   * routes, into {@code out}: the first contender that asks names it; the backend is that of the
   * host's {@code /} route (Prefix, else Exact).
   */
  static void decide(String host, List<Taken> contenders, HostRoutes out) {
    Taken asking = contenders.stream().filter(t -> t.checked().sslPassthrough()).findFirst().orElse(null);
    if (asking == null) {
      return;
    }
    String shown = Names.quote(host.isEmpty() ? "*" : host);
    if (host.isEmpty() || host.startsWith("*.")) {
      out.diagnostics.add(asking.source().warning(FIELD, "host " + shown + " is not passed through: ingress-nginx"
          + " passes only exact host names (the SNI is compared with the name); its TLS is served as before"));
      return;
    }
    Route root = root(out.routes);
    if (root == null) {
      out.diagnostics.add(asking.source().warning(FIELD, "host " + shown + " is not passed through: it has no path"
          + " \"/\", whose backend would receive the TLS stream; its TLS is served as before"));
      return;
    }
    for (Route r : out.routes) {
      if (r != root) {
        out.diagnostics.add(asking.source().warning(FIELD, "host " + shown + " path " + Names.quote(r.path())
            + " (" + r.origin().namespace() + "/" + r.origin().name() + ") is served over plain HTTP only: TLS to the"
            + " host is passed through to the backend of path \"/\", as ingress-nginx does"));
      }
    }
    Origin origin = new Origin(asking.source().key().namespace(), asking.source().key().name(), FIELD);
    out.passthrough = new Passthrough(root.backend(), origin);
  }

  private static Route root(List<Route> routes) {
    Route exact = null;
    for (Route r : routes) {
      if (r.matchPath().equals("/")) {
        if (r.match() == PathMatch.PREFIX) {
          return r;
        }
        exact = r;
      }
    }
    return exact;
  }
}
