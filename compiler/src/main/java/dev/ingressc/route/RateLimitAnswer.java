package dev.ingressc.route;

import dev.ingressc.ir.Route;
import java.util.List;

/**
 * The oracle's part for a rate-limited route (SEMANTICS.md, Rate limits): one request cannot tell
 * whether its client is over the limit, so the answer stays and the limit is explained.
 */
final class RateLimitAnswer {
  private RateLimitAnswer() {}

  static RouteAnswer explain(Route winner, RouteRequest req, RouteAnswer a, List<String> why) {
    if (winner.connectionLimit().isPresent() && a.status() == 200) {
      var c = winner.connectionLimit().get();
      boolean exempt = req.source().isPresent() && c.exempts(req.source().get());
      why.add("connection limit of Ingress " + winner.origin().ingress() + ": " + (exempt ? "client "
          + req.source().get().getHostAddress() + " is in its limit-whitelist, so it is never limited" : "at most "
          + c.connections() + " request" + (c.connections() == 1 ? "" : "s") + " per client address in progress at once;"
          + " one more gets " + dev.ingressc.ir.ConnectionLimit.STATUS));
    }
    if (winner.rateLimit().isPresent() && a.status() == 200) {
      var l = winner.rateLimit().get();
      if (!l.exempt().isEmpty() && req.source().isPresent() && l.exempts(req.source().get())) {
        why.add("rate limit of Ingress " + winner.origin().ingress() + ": client " + req.source().get().getHostAddress()
            + " is in its limit-whitelist, so it is never limited");
        return a;
      }
      why.add("rate limit of Ingress " + winner.origin().ingress() + ": " + l.describe() + " per client address, so"
          + " a client's request beyond " + l.atOnce() + " at once, or faster than one every "
          + l.interval().toMillis() + " ms after them, gets " + dev.ingressc.ir.RateLimit.STATUS
          + (l.exempt().isEmpty() ? "" : "; clients in " + l.exempt().stream().map(Object::toString)
              .collect(java.util.stream.Collectors.joining(", ")) + " (limit-whitelist) are never limited"));
    }
    return a;
  }
}
