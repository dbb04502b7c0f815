package dev.ingressc.emit.envoy;

import dev.ingressc.ir.AppRoot;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A host's app-root as the first routes of its table: the path {@code /} (and, on the raw path,
 * any run of slashes, whose canonical path is {@code /}) redirects with 302. The action sets only
 * {@code path_redirect} and {@code strip_query}: Envoy keeps the request's scheme and Host (with its
 * port), so the Location is {@code scheme://Host/app-root} as on the other targets. On plain HTTP,
 * when the route taking {@code /} redirects to https first, no such route: the https redirect answers.
 */
final class EnvoyAppRoots {
  private EnvoyAppRoots() {}

  /** The app-root routes of {@code v}, without per-filter configuration; empty when none apply. */
  static List<Route.Builder> routes(VirtualHost v, boolean plainHttp) {
    if (v.appRoot().isEmpty() || plainHttp && AppRoot.plainHttpRedirectsFirst(v)) {
      return List.of();
    }
    RedirectAction action = RedirectAction.newBuilder()
        .setPathRedirect(v.appRoot().get().path())
        .setStripQuery(true)
        .setResponseCode(RedirectResponseCode.FOUND)
        .build();
    List<Route.Builder> out = new ArrayList<>();
    out.add(Route.newBuilder().setName("app-root of " + name(v)).setMatch(RouteMatch.newBuilder().setPath("/")).setRedirect(action));
    RequestTargets.rawPathRegex(PathMatch.EXACT, "/").ifPresent(re -> out.add(Route.newBuilder()
        .setName("app-root of " + name(v) + " (raw path)")
        .setMatch(RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(re)))
        .setRedirect(action)));
    return out;
  }

  private static String name(VirtualHost v) {
    return v.isCatchAll() ? "*" : v.host();
  }
}
