package dev.ingressc.route;

import dev.ingressc.diag.UserText;
import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * The oracle's part for an upstream with session affinity (SEMANTICS.md, Session affinity): which
 * endpoint answers is not routing, so the answer stays; the stickiness, the cookie the request
 * carries and the Set-Cookie the answer gets are explained.
 */
final class AffinityAnswer {
  private AffinityAnswer() {}

  static RouteAnswer explain(RouteRequest req, RouteAnswer a, List<String> why) {
    Optional<Affinity> affinity = a.upstream().flatMap(Upstream::affinity);
    if (a.status() != 200 || affinity.isEmpty()) {
      return a;
    }
    Affinity s = affinity.get();
    Optional<String> carried = cookie(req, s.cookieName());
    why.add("session affinity of upstream " + a.upstream().get().name() + " (" + s.describe() + "): " + carried
        .map(v -> "the request carries " + s.cookieName() + "=" + UserText.quote(v) + ", so the endpoint it names"
            + " answers while it is ready; a value naming no ready endpoint is balanced as usual and gets a new cookie")
        .orElse("the request carries no " + s.cookieName() + " cookie, so it is balanced as usual")
        + "; an answer to a request without a valid cookie sets " + setCookie(s, a, req.isHttps())
        + " (the value names the endpoint, each target's own)");
    return a;
  }

  /** The Set-Cookie field of an answer, with the value left as {@code <endpoint>}. */
  static String setCookie(Affinity s, RouteAnswer a, boolean tls) {
    return s.cookieName() + "=<endpoint>" + s.attributes(s.cookiePath(a.route().orElse(null)), tls);
  }

  /** The first cookie of that name in the request's Cookie field, as browsers send them. */
  static Optional<String> cookie(RouteRequest req, String name) {
    for (var e : req.headers().entrySet()) {
      if (!e.getKey().equalsIgnoreCase("cookie")) {
        continue;
      }
      for (String pair : e.getValue().split(";")) {
        String p = pair.trim();
        if (p.startsWith(name + "=")) {
          return Optional.of(p.substring(name.length() + 1));
        }
      }
    }
    return Optional.empty();
  }
}
