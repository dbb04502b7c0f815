package dev.ingressc.normalize;

import dev.ingressc.ir.Origin;
import dev.ingressc.ir.Passthrough;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.validate.Names;
import java.util.List;

/**
 * ingress-nginx's {@code ssl-passthrough}: the TLS connections of a host, chosen by SNI, pass
 * untouched to the backend of the host's {@code /} path, which terminates TLS itself. As in
 * ingress-nginx: a host is passed through when any Ingress with rules for it asks; only its
 * {@code /} path chooses the backend (its other paths, and every other annotation of the
 * Ingress, apply to plain HTTP only); a wildcard or host-less rule is never passed through
 * (ingress-nginx compares the SNI with exact host names); a connection without SNI, or with
 * another, is served as before. Each of these surprises gets a warning. The step {@code merge}
 * decides it per host here; {@link SslPassthroughAnnotation} reads the annotation in {@code check}.
 */
final class SslPassthroughs {
  /** The annotation key, as ingress-nginx spells it. */
  static final String ANNOTATION = SslPassthroughAnnotation.ANNOTATION;
  static final String FIELD = SslPassthroughAnnotation.FIELD;

  private SslPassthroughs() {}

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
