package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Cors;
import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A route's CORS policy in Envoy (SEMANTICS.md, CORS), by route matching alone: Envoy's CORS filter
 * answers a preflight 200 and only when Access-Control-Request-Method is sent, which is not
 * ingress-nginx's. Each route that proxies or answers 503 for the rule becomes, in order: an
 * allowed OPTIONS ({@code :method} exactly, and {@code origin} full-matching the policy's regex
 * with {@code (?i)} unless any origin is allowed), a direct 204; an allowed request, the route with
 * the policy's response headers ({@code %REQ(origin)%} as Access-Control-Allow-Origin unless
 * {@code *}); any other request, the route as it was. Every one drops the backend's own headers of
 * the policy's names (Envoy removes a route's response_headers_to_remove before it adds). The RBAC
 * filter's 403 comes before the router, so a guarded route's 403 carries none of them.
 */
final class EnvoyCors {
  static final String PREFLIGHT_SUFFIX = " (CORS preflight)";
  static final String ALLOWED_SUFFIX = " (CORS)";

  private EnvoyCors() {}

  static List<io.envoyproxy.envoy.config.route.v3.Route> apply(Route r,
      List<io.envoyproxy.envoy.config.route.v3.Route> routes, com.google.protobuf.Any bufferOff) {
    if (r.cors().isEmpty()) {
      return routes;
    }
    Cors c = r.cors().get();
    List<io.envoyproxy.envoy.config.route.v3.Route> out = new ArrayList<>();
    for (io.envoyproxy.envoy.config.route.v3.Route route : routes) {
      if (!route.hasRoute() && !(route.hasDirectResponse() && route.getDirectResponse().getStatus() == 503)) {
        out.add(route); // answered before the policy (the rewrite's 400)
        continue;
      }
      List<HeaderValueOption> headers = headers(c);
      io.envoyproxy.envoy.config.route.v3.Route.Builder preflight = route.toBuilder().clearRoute()
          .setName(route.getName() + PREFLIGHT_SUFFIX)
          .setDirectResponse(DirectResponseAction.newBuilder().setStatus(204))
          .addAllResponseHeadersToAdd(headers)
          .putTypedPerFilterConfig(RouteTableBuilder.BUFFER_FILTER, bufferOff);
      preflight.getMatchBuilder().addHeaders(HeaderMatcher.newBuilder().setName(":method")
          .setStringMatch(StringMatcher.newBuilder().setExact("OPTIONS")));
      io.envoyproxy.envoy.config.route.v3.Route.Builder allowed = route.toBuilder()
          .addAllResponseHeadersToRemove(Cors.HEADER_NAMES).addAllResponseHeadersToAdd(headers);
      if (!c.anyOrigin()) {
        HeaderMatcher origin = HeaderMatcher.newBuilder().setName("origin").setStringMatch(StringMatcher.newBuilder()
            .setSafeRegex(RegexMatcher.newBuilder().setRegex("(?i)(?:" + c.originPattern() + ")"))).build();
        preflight.getMatchBuilder().addHeaders(origin);
        allowed.setName(route.getName() + ALLOWED_SUFFIX).getMatchBuilder().addHeaders(origin);
      }
      out.add(preflight.build());
      out.add(allowed.build());
      if (!c.anyOrigin()) {
        out.add(route.toBuilder().addAllResponseHeadersToRemove(Cors.HEADER_NAMES).build());
      }
    }
    return out;
  }

  /** The policy's headers, each replacing any the backend sent; the origin's from the request when not {@code *}. */
  private static List<HeaderValueOption> headers(Cors c) {
    List<HeaderValueOption> out = new ArrayList<>();
    for (Map.Entry<String, String> h : c.headers(c.anyOrigin() ? "*" : "%REQ(origin)%").entrySet()) {
      out.add(HeaderValueOption.newBuilder().setHeader(HeaderValue.newBuilder().setKey(h.getKey()).setValue(h.getValue()))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD).build());
    }
    return out;
  }
}
