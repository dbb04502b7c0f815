package dev.ingressc.ir;

import java.util.Optional;

/**
 * ingress-nginx's {@code app-root} on a host: a request whose canonical path is exactly {@code /}
 * (any query) gets {@code 302} with {@code Location: <scheme>://<Host as sent><path>}, the
 * request's query dropped (ingress-nginx's server-level {@code return 302 $scheme://$http_host...}).
 * Other paths are unaffected. SEMANTICS.md, Redirects.
 *
 * @param path the application root as written: starts with {@code /}, URL characters only
 * @param origin the Ingress (and annotation field) it came from
 */
public record AppRoot(String path, Origin origin) {
  /** The status every target answers. */
  public static final int CODE = 302;

  /**
   * Whether a plain-HTTP request for {@code /} on {@code v} gets the https redirect before the
   * app-root one (ingressc's order, as for route redirects): the route that wins {@code /} decides,
   * else the host's fallback.
   */
  public static boolean plainHttpRedirectsFirst(VirtualHost v) {
    Optional<Route> winner = v.routes().stream().filter(r -> PathMatching.matches(r, "/")).findFirst();
    return winner.map(v::redirectsToHttps).orElse(v.fallbackRedirectsToHttps());
  }

  /** The Location for a request with {@code scheme} and the Host header {@code hostHeader} as sent. */
  public String location(String scheme, String hostHeader) {
    return scheme + "://" + hostHeader + path;
  }
}
