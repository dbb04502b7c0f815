package dev.ingressc.normalize;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.Canary;
import dev.ingressc.ir.Route;
import dev.ingressc.validate.Names;
import java.util.List;

/**
 * Part of the step {@code merge}: attaches each canary Ingress's paths of one host to the main
 * routes, as ingress-nginx merges alternative backends. A canary path attaches to the route with
 * the same host, the same path as written and the same pathType; with none, it is ignored (ingress-nginx
 * deletes it too). Several canaries for one route: the first in conflict order wins (ingress-nginx's
 * balancer uses only the first alternative backend). A canary whose Service port is the main
 * route's own is ignored, as ingress-nginx does not merge them.
 */
final class Canaries {
  /** Resolves a canary path's backend, spoken to in the main route's protocol. */
  interface Resolver {
    /** {@code main}: the route it attaches to, whose protocol and settings (its connect timeout) it takes. */
    Backend resolve(Taken canary, int seq, CheckedIngress.PathRule rule, Route main, BackendProtocol protocol);
  }

  private Canaries() {}

  static void attach(String host, List<Taken> contenders, HostRoutes out, java.util.function.Function<Route, Taken> ownerOf,
      Resolver resolver) {
    for (Taken t : contenders) {
      CanaryAnnotations.Spec spec = t.checked().canary();
      if (spec == null) {
        continue;
      }
      List<CheckedIngress.PathRule> paths = t.checked().paths();
      for (int i = 0; i < paths.size(); i++) {
        CheckedIngress.PathRule rule = paths.get(i);
        if (!rule.key().host().equals(host)) {
          continue;
        }
        String what = "canary path " + Names.quote(rule.path()) + " (" + rule.pathType() + ") of host "
            + Names.quote(host.isEmpty() ? "*" : host);
        int at = find(out.routes, rule);
        if (at < 0) {
          out.diagnostics.add(t.source().warning(rule.field(), "ignored: no main Ingress serves the " + what
              + " (same host, path and pathType), so the canary has nothing to attach to"));
          continue;
        }
        Route main = out.routes.get(at);
        if (main.canary().isPresent()) {
          out.diagnostics.add(t.source().warning(rule.field(), "ignored: the " + what + " already has the canary of"
              + " Ingress " + main.canary().get().backend().origin().ingress() + ", which wins (one canary a route,"
              + " the first in conflict order, as ingress-nginx uses only the first)"));
          continue;
        }
        if (main.redirect().isPresent()) {
          out.diagnostics.add(t.source().warning(rule.field(), "ignored: the " + what + " answers a redirect"
              + " (permanent-redirect or temporal-redirect of Ingress " + main.origin().ingress() + "), which comes"
              + " before any canary, as in ingress-nginx"));
          continue;
        }
        if (main.backend().ref().equals(rule.backend())) {
          out.diagnostics.add(t.source().warning(rule.field(), "ignored: the canary names the main route's own"
              + " backend " + rule.backend().display()));
          continue;
        }
        Taken owner = ownerOf.apply(main);
        Backend b = resolver.resolve(t, i, rule, main, owner.checked().protocol());
        if (b == null) {
          continue;
        }
        out.routes.set(at, main.withCanary(new Canary(b, spec.header(), spec.cookie(), spec.weight(),
            spec.weightTotal())));
      }
    }
  }

  private static int find(List<Route> routes, CheckedIngress.PathRule rule) {
    for (int i = 0; i < routes.size(); i++) {
      Route r = routes.get(i);
      if (r.path().equals(rule.path()) && r.declaredPathType().equals(rule.pathType())) {
        return i;
      }
    }
    return -1;
  }
}
