package dev.ingressc.emit.envoy;

import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RegexPaths;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;

/**
 * The route matches of a regex host (use-regex): one {@code safe_regex} per route, in the IR's order
 * (Envoy takes the first route that matches). Envoy routes by the raw path and matches the whole of
 * it, so each is the raw-path form ({@link RegexPaths#rawPathFullMatch}: escaped rule characters and
 * slash runs read as the canonical path reads them, case folded by {@code (?i)}, then anything).
 */
final class RegexRouteMatches {
  private RegexRouteMatches() {}

  static boolean regexHost(VirtualHost v) {
    return v.routes().stream().anyMatch(r -> r.match() == PathMatch.REGEX);
  }

  static RouteMatch of(Route r) {
    return RouteMatch.newBuilder()
        .setSafeRegex(RegexMatcher.newBuilder().setRegex(RegexPaths.rawPathFullMatch(r.path())))
        .build();
  }
}
