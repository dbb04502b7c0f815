package dev.ingressc.ir;

import java.util.List;
import java.util.Optional;

/**
 * Every route for one host, in precedence order: the first route that matches a request path wins.
 *
 * @param host the lower-case host; {@code *.example.com} for a wildcard; empty for the catch-all
 * @param match how {@code host} is compared with a request's Host header
 * @param routes longest path first; on equal length Exact before Prefix; then by path
 * @param tls present when the host is served over HTTPS
 * @param passthrough present when the host's TLS connections are passed through by SNI (then
 *     {@code tls} serves only the plain-HTTP redirect decision); only for exact hosts
 * @param appRoot present when a request for {@code /} is redirected to the application root ({@link AppRoot})
 * @param wwwRedirect present when the host's www. (or bare) twin is redirected to it ({@link WwwRedirect}); only
 *     for exact hosts
 */
public record VirtualHost(String host, HostMatch match, List<Route> routes, Optional<HostTls> tls,
    Optional<Passthrough> passthrough, Optional<AppRoot> appRoot, Optional<WwwRedirect> wwwRedirect) {

  public VirtualHost {
    routes = List.copyOf(routes);
    java.util.Objects.requireNonNull(passthrough);
    java.util.Objects.requireNonNull(appRoot);
    java.util.Objects.requireNonNull(wwwRedirect);
  }

  /** A host without from-to-www-redirect. */
  public VirtualHost(String host, HostMatch match, List<Route> routes, Optional<HostTls> tls,
      Optional<Passthrough> passthrough, Optional<AppRoot> appRoot) {
    this(host, match, routes, tls, passthrough, appRoot, Optional.empty());
  }

  /** A host without app-root. */
  public VirtualHost(String host, HostMatch match, List<Route> routes, Optional<HostTls> tls,
      Optional<Passthrough> passthrough) {
    this(host, match, routes, tls, passthrough, Optional.empty(), Optional.empty());
  }

  /** A host whose TLS connections are not passed through. */
  public VirtualHost(String host, HostMatch match, List<Route> routes, Optional<HostTls> tls) {
    this(host, match, routes, tls, Optional.empty());
  }

  public boolean isCatchAll() {
    return match == HostMatch.ANY;
  }

  /** Whether a plain-HTTP request that no route of this host takes gets the 308 to https. */
  public boolean fallbackRedirectsToHttps() {
    return tls.map(HostTls::redirectToHttps).orElse(false);
  }

  /**
   * Whether a plain-HTTP request that {@code r} (one of this host's routes) takes gets the 308 to
   * https: force-ssl-redirect always; else, on a host served over TLS, its Ingress's ssl-redirect,
   * else the host's class default (SEMANTICS.md, TLS).
   */
  public boolean redirectsToHttps(Route r) {
    return r.sslRedirect().force()
        || tls.isPresent() && r.sslRedirect().sslRedirect().orElse(tls.get().redirectToHttps());
  }

  /** Whether every route of this host redirects plain HTTP to https exactly as the host's fallback does. */
  public boolean uniformHttpsRedirect() {
    boolean host = fallbackRedirectsToHttps();
    return routes.stream().allMatch(r -> redirectsToHttps(r) == host);
  }
}
