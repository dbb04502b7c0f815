package dev.ingressc.route;

import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.ir.Route;
import java.util.List;
import java.util.Optional;

/**
 * The oracle's part for a route with external auth (SEMANTICS.md, External auth): once the route
 * would send the request to a backend (200), the auth service decides. The oracle cannot ask it;
 * given what it would answer ({@link RouteRequest#authStatus}), it says what the client gets,
 * else it explains each outcome. The answer keeps the CORS headers decided before it.
 */
final class ExternalAuthAnswer {
  private ExternalAuthAnswer() {}

  static RouteAnswer apply(Route winner, RouteRequest req, RouteAnswer a, List<String> why) {
    if (winner.externalAuth().isEmpty() || a.status() != 200) {
      return a;
    }
    ExternalAuth auth = winner.externalAuth().get();
    String asks = "external auth of Ingress " + winner.origin().ingress() + ": the proxy asks " + auth.method() + " "
        + auth.service().url() + " first";
    String onDenied = auth.signIn().isPresent() ? "401 gives a 302 to the sign-in page" : "401 gives 401";
    if (req.authStatus() == 0) {
      why.add(asks + "; its 2xx lets the request through" + (auth.responseHeaders().isEmpty() ? ""
          : " with " + String.join(", ", auth.responseHeaders()) + " copied from its answer") + ", " + onDenied
          + ", 403 gives 403, anything else or no answer 500");
      return a;
    }
    int outcome = auth.outcome(req.authStatus());
    if (outcome == 200) {
      why.add(asks + ", which answers " + req.authStatus() + ": the request goes on");
      return a;
    }
    Optional<String> location = outcome == 302 ? Optional.of(signInLocation(auth.signIn().get(), req)) : Optional.empty();
    why.add(asks + ", which answers " + req.authStatus() + ": the client gets " + outcome
        + location.map(l -> " to " + l).orElse("") + "; the backend is not reached");
    return new RouteAnswer(outcome, Optional.empty(), Optional.empty(), a.virtualHost(), a.route(), a.candidates(),
        a.certificate(), location, why, a.canonicalPath(), Optional.empty(), Optional.empty(), a.responseHeaders(),
        RouteAnswer.Step.EXTERNAL_AUTH);
  }

  /** The sign-in Location for {@code req}, its pieces filled with the request's values. */
  static String signInLocation(ExternalAuth.SignIn signIn, RouteRequest req) {
    return signIn.location(v -> switch (v) {
      case SCHEME -> req.isHttps() ? "https" : "http";
      case HTTP_HOST -> req.host();
      case HOST -> ExternalAuth.hostOf(req.host());
      case REQUEST_URI -> req.path();
      case ESCAPED_REQUEST_URI -> ExternalAuth.escapeQueryValue(req.path());
    });
  }
}
