package dev.ingressc.emit.envoy;

import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The twin names from-to-www-redirect sends to their hosts (the IR's host index decides them), one
 * virtual host each: after the refused targets, a {@code :path} (target with query) that is a path
 * without query ending in {@code /} (not {@code /} itself) redirects with {@code regex_rewrite}
 * dropping that slash; any other redirects as it is. Both set {@code host_redirect} (Envoy then
 * drops the request's port), {@code port_redirect} on the TLS listener when the https port is not
 * 443, and keep the scheme: the Location of the other targets.
 */
final class EnvoyWwwTwins {
  private static final String STRIPPED = "/[^?]*/";

  private EnvoyWwwTwins() {}

  static List<io.envoyproxy.envoy.config.route.v3.VirtualHost> virtualHosts(HostIndex hosts, boolean tls, int httpsPort,
      Route refusedTarget) {
    List<io.envoyproxy.envoy.config.route.v3.VirtualHost> out = new ArrayList<>();
    for (Map.Entry<String, VirtualHost> e : hosts.wwwTwins().entrySet()) {
      String twin = e.getKey();
      RedirectAction.Builder base = RedirectAction.newBuilder().setHostRedirect(e.getValue().host())
          .setResponseCode(RedirectResponseCode.PERMANENT_REDIRECT);
      if (tls && httpsPort != 443) {
        base.setPortRedirect(httpsPort);
      }
      RouteMatch any = RouteMatch.newBuilder().setPrefix("/").build();
      out.add(io.envoyproxy.envoy.config.route.v3.VirtualHost.newBuilder()
          .setName("www-redirect " + twin)
          .addDomains(twin)
          .addDomains(twin + ".")
          .addRoutes(refusedTarget)
          .addRoutes(Route.newBuilder().setName("www redirect, one trailing slash dropped")
              .setMatch(any.toBuilder().addHeaders(HeaderMatcher.newBuilder().setName(":path")
                  .setStringMatch(StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(STRIPPED)))))
              .setRedirect(base.clone().setRegexRewrite(RegexMatchAndSubstitute.newBuilder()
                  .setPattern(RegexMatcher.newBuilder().setRegex("^(.*)/$")).setSubstitution("\\1"))))
          .addRoutes(Route.newBuilder().setName("www redirect").setMatch(any).setRedirect(base))
          .build());
    }
    return out;
  }
}
