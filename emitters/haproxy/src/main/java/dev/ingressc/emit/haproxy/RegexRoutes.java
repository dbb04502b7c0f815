package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.haproxy.HaproxyView.RegexRoute;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The regex routes (use-regex hosts) as haproxy.cfg lines, in the IR's order: a regex host has no
 * exact or prefix route, so trying its regexes first, the first match winning, is the IR's
 * precedence. Each regex is the rule-character form anchored at the start
 * ({@link RegexPaths#anchored}), matched case-insensitively ({@code -i}) against the decoded,
 * slash-merged path the maps read.
 */
final class RegexRoutes {
  private RegexRoutes() {}

  static List<RegexRoute> of(IngressIR ir, String catchAll, BiFunction<VirtualHost, Route, String> valueOf) {
    List<RegexRoute> out = new ArrayList<>();
    for (VirtualHost v : ir.virtualHosts()) {
      for (Route r : v.routes()) {
        if (r.match() == PathMatch.REGEX) {
          out.add(new RegexRoute(v.isCatchAll() ? catchAll : v.host(), RegexPaths.anchored(r.path()), valueOf.apply(v, r),
              r.declaredPathType() + " " + r.path() + " (Ingress " + r.origin().ingress() + ")",
              HaproxyRewrites.of(r, out.size())));
        }
      }
    }
    return List.copyOf(out);
  }
}
