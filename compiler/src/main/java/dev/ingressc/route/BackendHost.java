package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Route;

/** The oracle's words for a route's upstream-vhost (SEMANTICS.md, Forwarding headers). */
final class BackendHost {
  private BackendHost() {}

  static String explain(String host, Route r) {
    return "the backend receives Host " + UserText.quote(host) + " (upstream-vhost of Ingress " + r.origin().ingress()
        + "); X-Forwarded-Host keeps the client's";
  }
}
