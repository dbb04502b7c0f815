package dev.ingressc.normalize;

import dev.ingressc.ir.AppRoot;
import dev.ingressc.ir.Origin;
import dev.ingressc.ir.PathMatching;
import dev.ingressc.ir.Route;
import dev.ingressc.validate.Names;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ingress-nginx's {@code app-root} per host (the step {@code merge}; {@link AppRootAnnotation}
 * reads it in {@code check}). ingress-nginx prints it as a server-level rule, so it applies to the
 * whole host: a request for {@code /} is redirected whichever Ingress's route would take it. The
 * first Ingress in conflict order that sets it names the host's application root; a different one
 * on a later Ingress is ignored with a warning; every other Ingress whose route takes {@code /} of
 * the host is warned that its {@code /} is redirected (the surprise).
 */
final class AppRoots {
  private AppRoots() {}

  /** Decides the app-root of {@code host} from its contenders (in conflict order) and its routes, into {@code out}. */
  static void decide(String host, List<Taken> contenders, HostRoutes out) {
    Taken owner = null;
    String shown = Names.quote(host.isEmpty() ? "*" : host);
    for (Taken t : contenders) {
      String path = t.checked().appRoot();
      if (path == null || t.checked().canary() != null) {
        continue;
      }
      if (owner == null) {
        owner = t;
      } else if (!path.equals(owner.checked().appRoot())) {
        out.diagnostics.add(t.source().warning(AppRootAnnotation.FIELD, "ignored for host " + shown + ": its app-root is "
            + Names.quote(owner.checked().appRoot()) + " from Ingress " + owner.id() + ", which wins ("
            + Taken.whyWins(owner, t) + ")"));
      }
    }
    if (owner == null) {
      return;
    }
    Set<String> warned = new LinkedHashSet<>();
    for (Route r : out.routes) {
      if (PathMatching.matches(r, "/") && !r.origin().ingress().equals(owner.id()) && warned.add(r.origin().ingress())) {
        for (Taken t : contenders) {
          if (t.id().equals(r.origin().ingress())) {
            out.diagnostics.add(t.source().warning(r.origin().field(), "a request for \"/\" of host " + shown
                + " is redirected to " + Names.quote(owner.checked().appRoot()) + " by the app-root of Ingress "
                + owner.id() + ", not routed here: ingress-nginx applies app-root to the whole host"));
          }
        }
      }
    }
    out.appRoot = new AppRoot(owner.checked().appRoot(),
        new Origin(owner.source().key().namespace(), owner.source().key().name(), AppRootAnnotation.FIELD));
  }
}
