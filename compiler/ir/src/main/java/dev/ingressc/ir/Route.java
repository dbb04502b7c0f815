package dev.ingressc.ir;

/**
 * One path rule of one host.
 *
 * @param path the path as written in the Ingress
 * @param match how the path matches; ImplementationSpecific is already mapped to PREFIX, or to REGEX
 *     on a host where ingress-nginx's use-regex applies (every path of that host is then REGEX)
 * @param declaredPathType the pathType as written (Exact, Prefix or ImplementationSpecific)
 * @param backend where matching requests go
 * @param settings per-route proxy settings from the Ingress's class parameters
 * @param origin the Ingress and field this route came from
 * @param canary the canary attached to this route, if any (SEMANTICS.md, Canaries)
 * @param redirect present when the route answers with a redirect instead of proxying to its backend
 * @param sslRedirect the route's own say on the https redirect ({@link VirtualHost#redirectsToHttps})
 * @param rewrite the path and X-Forwarded-Prefix the backend receives, when rewritten (SEMANTICS.md, Rewrites)
 * @param upstreamHost the Host header its backend (and its canary's) receives instead of the client's
 *     (ingress-nginx's upstream-vhost; a validated host[:port]); empty: the client's Host as sent
 * @param sourceRanges the client addresses kept out or let in (SEMANTICS.md, Source ranges); empty: every one
 * @param cors the cross-origin policy the proxy answers for (SEMANTICS.md, CORS); empty: none, the backend's own
 * @param rateLimit the requests per client address it lets through (SEMANTICS.md, Rate limits); empty: no limit
 * @param externalAuth the auth service asked before the backend (SEMANTICS.md, External auth); empty: none
 * @param basicAuth the users let through, asked before the external auth (SEMANTICS.md, Basic auth); empty: none
 * @param connectionLimit the requests per client address it serves at once (SEMANTICS.md, Rate limits); empty: no limit
 */
public record Route(
    String path,
    PathMatch match,
    String declaredPathType,
    Backend backend,
    RouteSettings settings,
    Origin origin,
    java.util.Optional<Canary> canary,
    java.util.Optional<Redirect> redirect,
    SslRedirect sslRedirect,
    java.util.Optional<Rewrite> rewrite,
    java.util.Optional<String> upstreamHost,
    java.util.Optional<SourceRanges> sourceRanges,
    java.util.Optional<Cors> cors,
    java.util.Optional<RateLimit> rateLimit,
    java.util.Optional<ExternalAuth> externalAuth,
    java.util.Optional<BasicAuth> basicAuth,
    java.util.Optional<ConnectionLimit> connectionLimit) {

  /** A route without a connection limit. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost,
      java.util.Optional<SourceRanges> sourceRanges, java.util.Optional<Cors> cors,
      java.util.Optional<RateLimit> rateLimit, java.util.Optional<ExternalAuth> externalAuth,
      java.util.Optional<BasicAuth> basicAuth) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        sourceRanges, cors, rateLimit, externalAuth, basicAuth, java.util.Optional.empty());
  }

  /** A route without basic auth. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost,
      java.util.Optional<SourceRanges> sourceRanges, java.util.Optional<Cors> cors,
      java.util.Optional<RateLimit> rateLimit, java.util.Optional<ExternalAuth> externalAuth) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        sourceRanges, cors, rateLimit, externalAuth, java.util.Optional.empty());
  }

  /** A route without external auth. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost,
      java.util.Optional<SourceRanges> sourceRanges, java.util.Optional<Cors> cors,
      java.util.Optional<RateLimit> rateLimit) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        sourceRanges, cors, rateLimit, java.util.Optional.empty());
  }

  /** A route without a rate limit. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost,
      java.util.Optional<SourceRanges> sourceRanges, java.util.Optional<Cors> cors) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        sourceRanges, cors, java.util.Optional.empty());
  }

  /** A route without a CORS policy of the proxy's. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost,
      java.util.Optional<SourceRanges> sourceRanges) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        sourceRanges, java.util.Optional.empty());
  }

  /** A route open to every client address. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect,
      java.util.Optional<Rewrite> rewrite, java.util.Optional<String> upstreamHost) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect, rewrite, upstreamHost,
        java.util.Optional.empty());
  }

  /** A route that is not rewritten and sends the client's Host to its backend. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Canary> canary, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect) {
    this(path, match, declaredPathType, backend, settings, origin, canary, redirect, sslRedirect,
        java.util.Optional.empty(), java.util.Optional.empty());
  }

  /** A route without a canary. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin, java.util.Optional<Redirect> redirect, SslRedirect sslRedirect) {
    this(path, match, declaredPathType, backend, settings, origin, java.util.Optional.empty(), redirect, sslRedirect);
  }

  /** A route that proxies to its backend, with no say of its own on the https redirect. */
  public Route(String path, PathMatch match, String declaredPathType, Backend backend, RouteSettings settings,
      Origin origin) {
    this(path, match, declaredPathType, backend, settings, origin, java.util.Optional.empty(), SslRedirect.HOST_DEFAULT);
  }

  /** The same route with {@code c} attached. */
  public Route withCanary(Canary c) {
    return new Route(path, match, declaredPathType, backend, settings, origin, java.util.Optional.of(c), redirect,
        sslRedirect, rewrite, upstreamHost, sourceRanges, cors, rateLimit, externalAuth, basicAuth, connectionLimit);
  }

  /** The path compared element-wise: a Prefix path without its trailing slash ({@code /} stays). */
  public String matchPath() {
    return match == PathMatch.PREFIX ? PathMatch.trimTrailingSlash(path) : path;
  }
}
