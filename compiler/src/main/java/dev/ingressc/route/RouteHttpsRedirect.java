package dev.ingressc.route;

import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.List;
import java.util.Optional;

/**
 * The https redirect of a plain-HTTP request on a host whose routes do not all agree on it
 * (ssl-redirect, force-ssl-redirect per Ingress): the winning route decides, else the host.
 */
final class RouteHttpsRedirect {
  private RouteHttpsRedirect() {}

  static Optional<RouteAnswer> answer(RouteRequest req, String host, VirtualHost v, String vname,
      List<Route> candidates, Optional<String> certificate, List<String> why) {
    Optional<Route> winner = candidates.stream().findFirst();
    boolean redirects = winner.map(v::redirectsToHttps).orElse(v.fallbackRedirectsToHttps());
    if (!redirects) {
      return Optional.empty();
    }
    String location = "https://" + host + (req.httpsPort() == 443 ? "" : ":" + req.httpsPort()) + req.path();
    why.add(winner.map(r -> "the route " + r.declaredPathType() + " " + r.path() + " (Ingress " + r.origin().ingress()
        + ") " + (r.sslRedirect().force() ? "forces the https redirect (force-ssl-redirect)"
        : "redirects plain HTTP to https (ssl-redirect or the class default)"))
        .orElse("no route takes the path, and the host redirects plain HTTP to https (the class default)")
        + ": 308 redirect to " + location);
    return Optional.of(new RouteAnswer(308, Optional.empty(), Optional.empty(), Optional.of(vname), winner, candidates,
        certificate, Optional.of(location), why, Optional.empty()));
  }
}
