package dev.ingressc.route;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import java.util.List;
import java.util.Optional;

/**
 * What a request gets, and why.
 *
 * @param status 200 when a backend is chosen, 404 when nothing matches, 503 when the chosen
 *     backend has no ready endpoint, 308 for the https redirect, the route's code for a route that
 *     redirects (permanent-redirect, temporal-redirect), 400 when the request target is
 *     refused ({@link dev.ingressc.ir.RequestTargets}), 0 when the TLS handshake is refused (no
 *     certificate for the SNI), {@link #PASSED_THROUGH} when the TLS stream is passed through to
 *     {@code upstream} by SNI (no HTTP status: the backend answers over its own TLS; an
 *     unavailable upstream closes the connection)
 * @param backend the chosen backend, if any
 * @param upstream the chosen backend's upstream, if any
 * @param virtualHost the virtual host chosen: its host, {@code *} for the catch-all, empty when none
 * @param route the winning route; empty for the default backend or no match
 * @param candidates every route of the virtual host that matches, in precedence order
 * @param certificate the certificate id served for the SNI, if HTTPS
 * @param location the redirect target: the https redirect's, or the redirecting route's URL
 * @param explanation the decision, step by step, in words
 * @param canonicalPath the path the request was routed by; empty when the handshake or the target
 *     was refused
 * @param canary for a route with a canary: which side was chosen and why (SEMANTICS.md, Canaries)
 * @param backendTarget the request target the backend receives when it is not the one sent: a
 *     rewritten path and the query as sent (SEMANTICS.md, Rewrites)
 * @param responseHeaders header fields the proxy sets on the answer, replacing any the backend sent
 *     under the same names: a CORS route's (SEMANTICS.md, CORS), in the order the targets write them
 * @param decidedBy the step that gave this answer, for the reason in words ({@link Step})
 */
public record RouteAnswer(
    int status,
    Optional<Backend> backend,
    Optional<Upstream> upstream,
    Optional<String> virtualHost,
    Optional<Route> route,
    List<Route> candidates,
    Optional<String> certificate,
    Optional<String> location,
    List<String> explanation,
    Optional<String> canonicalPath,
    Optional<CanaryChoice> canary,
    Optional<String> backendTarget,
    java.util.Map<String, String> responseHeaders,
    Step decidedBy) {

  /** The step of a route's decision that answered, when it was not the routing itself. */
  public enum Step {
    /** Host, path and backend: the route, its redirect or its backend's 503. */
    ROUTING,
    /** A trusted proxy's X-Forwarded-For was too long to read (403). */
    CLIENT_ADDRESS,
    /** The route's source ranges kept the client address out (403). */
    SOURCE_RANGES,
    /** The route's CORS policy answered a preflight (204). */
    CORS_PREFLIGHT,
    /** The route's basic auth asked for a user and password (401), or could not check them (503). */
    BASIC_AUTH,
    /** The route's external auth service refused or failed (302, 401, 403, 500). */
    EXTERNAL_AUTH
  }

  public RouteAnswer {
    responseHeaders = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(responseHeaders));
  }

  public RouteAnswer(int status, Optional<Backend> backend, Optional<Upstream> upstream, Optional<String> virtualHost,
      Optional<Route> route, List<Route> candidates, Optional<String> certificate, Optional<String> location,
      List<String> explanation, Optional<String> canonicalPath, Optional<CanaryChoice> canary,
      Optional<String> backendTarget, java.util.Map<String, String> responseHeaders) {
    this(status, backend, upstream, virtualHost, route, candidates, certificate, location, explanation, canonicalPath,
        canary, backendTarget, responseHeaders, Step.ROUTING);
  }

  public RouteAnswer(int status, Optional<Backend> backend, Optional<Upstream> upstream, Optional<String> virtualHost,
      Optional<Route> route, List<Route> candidates, Optional<String> certificate, Optional<String> location,
      List<String> explanation, Optional<String> canonicalPath, Optional<CanaryChoice> canary,
      Optional<String> backendTarget) {
    this(status, backend, upstream, virtualHost, route, candidates, certificate, location, explanation, canonicalPath,
        canary, backendTarget, java.util.Map.of());
  }

  public RouteAnswer(int status, Optional<Backend> backend, Optional<Upstream> upstream, Optional<String> virtualHost,
      Optional<Route> route, List<Route> candidates, Optional<String> certificate, Optional<String> location,
      List<String> explanation, Optional<String> canonicalPath, Optional<CanaryChoice> canary) {
    this(status, backend, upstream, virtualHost, route, candidates, certificate, location, explanation, canonicalPath,
        canary, Optional.empty());
  }

  public RouteAnswer(int status, Optional<Backend> backend, Optional<Upstream> upstream, Optional<String> virtualHost,
      Optional<Route> route, List<Route> candidates, Optional<String> certificate, Optional<String> location,
      List<String> explanation, Optional<String> canonicalPath) {
    this(status, backend, upstream, virtualHost, route, candidates, certificate, location, explanation, canonicalPath,
        Optional.empty());
  }

  public static final int HANDSHAKE_REFUSED = 0;
  public static final int BAD_REQUEST = 400;
  /** The client address is kept out by the route's source ranges (SEMANTICS.md, Source ranges). */
  public static final int FORBIDDEN = 403;
  /** A CORS preflight the route's policy answers itself (SEMANTICS.md, CORS). */
  public static final int NO_CONTENT = 204;
  /** The TLS stream is passed through to the upstream (ssl-passthrough); not an HTTP status. */
  public static final int PASSED_THROUGH = 1;

  /**
   * The Host header the backend receives for a request whose Host was {@code requestHost}: the winning
   * route's upstream-vhost, else the request's as sent (SEMANTICS.md, Forwarding headers).
   */
  public String backendHost(String requestHost) {
    return route.flatMap(Route::upstreamHost).orElse(requestHost);
  }

  /** The same answer, routed by {@code path}. */
  RouteAnswer routedBy(String path) {
    return new RouteAnswer(status, backend, upstream, virtualHost, route, candidates, certificate, location,
        explanation, Optional.of(path), canary, backendTarget, responseHeaders, decidedBy);
  }

  /** The same answer, given by {@code step}. */
  RouteAnswer decidedBy(Step step) {
    return new RouteAnswer(status, backend, upstream, virtualHost, route, candidates, certificate, location,
        explanation, canonicalPath, canary, backendTarget, responseHeaders, step);
  }
}
