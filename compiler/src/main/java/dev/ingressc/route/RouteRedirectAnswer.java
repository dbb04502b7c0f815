package dev.ingressc.route;

import dev.ingressc.ir.Redirect;
import dev.ingressc.ir.Route;
import java.util.List;
import java.util.Optional;

/** The oracle's answer for a winning route that redirects (SEMANTICS.md, Redirects). */
final class RouteRedirectAnswer {
  private RouteRedirectAnswer() {}

  static RouteAnswer of(Route winner, String vhost, List<Route> candidates, Optional<String> certificate,
      List<String> why) {
    Redirect r = winner.redirect().orElseThrow();
    why.add("the route redirects (" + r.annotation() + " of Ingress " + winner.origin().ingress() + "): " + r.code()
        + " to " + r.location() + ", the request's path and query not appended; the backend is not asked");
    return new RouteAnswer(r.code(), Optional.empty(), Optional.empty(), Optional.of(vhost), Optional.of(winner),
        candidates, certificate, Optional.of(r.location()), why, Optional.empty());
  }
}
