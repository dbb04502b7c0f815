package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.AppRoot;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.List;
import java.util.Optional;

/** The oracle's answer for a request of {@code /} on a host with app-root (SEMANTICS.md, Redirects). */
final class AppRootAnswer {
  private AppRootAnswer() {}

  /** The redirect, when the host has app-root and the canonical path is {@code /}; the https redirect came first. */
  static Optional<RouteAnswer> of(RouteRequest req, VirtualHost v, String vname, String path, List<Route> candidates,
      Optional<String> certificate, List<String> why) {
    if (v.appRoot().isEmpty() || !path.equals("/")) {
      return Optional.empty();
    }
    AppRoot root = v.appRoot().get();
    String location = root.location(req.isHttps() ? "https" : "http", req.host());
    why.add("the host has app-root " + UserText.quote(root.path()) + " (Ingress " + root.origin().ingress()
        + "; it applies to the whole host): a request for \"/\" gets " + AppRoot.CODE + " to " + UserText.quote(location)
        + " (the scheme and Host as sent, the query dropped); no route is asked");
    return Optional.of(new RouteAnswer(AppRoot.CODE, Optional.empty(), Optional.empty(), Optional.of(vname),
        Optional.empty(), candidates, certificate, Optional.of(location), why, Optional.empty()));
  }
}
