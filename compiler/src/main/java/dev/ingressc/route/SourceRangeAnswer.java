package dev.ingressc.route;

import dev.ingressc.ir.Route;
import dev.ingressc.ir.SourceRanges;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The oracle's part for a route with source ranges (SEMANTICS.md, Source ranges): they guard the
 * route once it is chosen and its rewrite has not refused the target, so a request it would send to
 * a backend (200), or answer 503 for want of a ready endpoint, gets 403 instead when its client is
 * kept out (as ingress-nginx's access check comes before its balancer).
 */
final class SourceRangeAnswer {
  private SourceRangeAnswer() {}

  /** {@code a}, or 403 when the client address is kept out; the decision, or what would decide, is explained. */
  static RouteAnswer apply(Route winner, Optional<InetAddress> source, RouteAnswer a, List<String> why) {
    if (winner.sourceRanges().isEmpty() || a.status() != 200 && a.status() != 503) {
      return a;
    }
    SourceRanges r = winner.sourceRanges().get();
    String ranges = (r.deny().isEmpty() ? "" : "denied " + list(r.deny())) + (r.deny().isEmpty() || r.allow().isEmpty()
        ? "" : "; ") + (r.allow().isEmpty() ? "" : "allowed " + list(r.allow()));
    if (source.isEmpty()) {
      why.add("source ranges of Ingress " + winner.origin().ingress() + " (" + ranges + "): the client address decides"
          + " between this answer and 403 (give it with --source-ip)");
      return a;
    }
    InetAddress client = source.get();
    boolean admitted = r.admits(client);
    String by = r.deciding(client).map(c -> " (" + c + ")").orElse(r.allow().isEmpty() ? "" : " (in no allowed range)");
    why.add("source ranges of Ingress " + winner.origin().ingress() + " (" + ranges + "): the client address "
        + client.getHostAddress() + (admitted ? " is let in" : " is kept out: 403") + by);
    if (admitted) {
      return a;
    }
    return new RouteAnswer(RouteAnswer.FORBIDDEN, Optional.empty(), Optional.empty(), a.virtualHost(), a.route(),
        a.candidates(), a.certificate(), Optional.empty(), why, a.canonicalPath(), Optional.empty(), Optional.empty())
        .decidedBy(RouteAnswer.Step.SOURCE_RANGES);
  }

  private static String list(List<SourceRanges.Cidr> cidrs) {
    return cidrs.stream().map(SourceRanges.Cidr::toString).collect(Collectors.joining(", "));
  }
}
