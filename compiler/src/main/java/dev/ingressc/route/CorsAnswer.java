package dev.ingressc.route;

import dev.ingressc.ir.Cors;
import dev.ingressc.ir.Route;
import java.util.List;
import java.util.Optional;

/**
 * The oracle's part for a route with a CORS policy (SEMANTICS.md, CORS): once the route would send
 * the request to a backend (200) or answer 503 for want of a ready endpoint, an allowed OPTIONS
 * request gets 204 from the proxy instead, and any other allowed request's answer carries the
 * policy's headers. An allowed preflight gets its 204 before the source ranges decide, as
 * ingress-nginx answers it in the rewrite phase; a client they keep out gets 403 otherwise, with the
 * headers too (as ingress-nginx's more_set_headers and Envoy's local replies give them).
 */
final class CorsAnswer {
  private CorsAnswer() {}

  static RouteAnswer apply(Route winner, RouteRequest req, RouteAnswer a, List<String> why) {
    boolean keptOut = a.decidedBy() == RouteAnswer.Step.SOURCE_RANGES;
    if (winner.cors().isEmpty() || a.status() != 200 && a.status() != 503 && !keptOut) {
      return a;
    }
    Cors c = winner.cors().get();
    String origin = req.headers().get("origin");
    String policy = "CORS of Ingress " + winner.origin().ingress() + " (origins: "
        + (c.anyOrigin() ? "any" : String.join(", ", c.origins())) + ")";
    Optional<String> allowed = c.allowedOrigin(origin);
    if (allowed.isEmpty()) {
      why.add(policy + ": " + (origin == null ? "no Origin header" : "Origin " + origin + " is not allowed")
          + ", so the proxy adds nothing" + (keptOut ? " to the 403" : " and " + req.method() + " goes on as any request"));
      return a;
    }
    if (c.answersPreflight(req.method(), origin)) {
      why.add(policy + ": OPTIONS " + (c.anyOrigin() ? "with any origin" : "from allowed Origin " + origin)
          + " is a preflight the proxy answers: 204" + (keptOut ? " (before the source ranges, as ingress-nginx answers"
          + " it)" : "") + ", the backend is not reached");
      return new RouteAnswer(RouteAnswer.NO_CONTENT, Optional.empty(), Optional.empty(), a.virtualHost(), a.route(),
          a.candidates(), a.certificate(), Optional.empty(), why, a.canonicalPath(), Optional.empty(),
          Optional.empty(), c.headers(allowed.get())).decidedBy(RouteAnswer.Step.CORS_PREFLIGHT);
    }
    why.add(policy + ": " + (c.anyOrigin() ? "any origin" : "Origin " + origin + " is allowed")
        + ", so the answer carries Access-Control-Allow-Origin: " + allowed.get() + " and the policy's other headers");
    return new RouteAnswer(a.status(), a.backend(), a.upstream(), a.virtualHost(), a.route(), a.candidates(),
        a.certificate(), a.location(), why, a.canonicalPath(), a.canary(), a.backendTarget(), c.headers(allowed.get()),
        a.decidedBy());
  }
}
