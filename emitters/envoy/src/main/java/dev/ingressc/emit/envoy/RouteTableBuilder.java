package dev.ingressc.emit.envoy;

import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a route table that answers every request as the IR does, from Envoy's own matching rules:
 *
 * <ul>
 *   <li>Virtual hosts: an exact host is the domain {@code foo.com} (and {@code foo.com.}, since Envoy
 *       does not drop a trailing dot); Envoy lower-cases the Host, and {@code
 *       ignore_port_in_host_matching} drops its port without changing the header sent upstream.
 *   <li>A wildcard host {@code *.foo.com} is Envoy's suffix wildcard, which matches any depth. Its
 *       routes therefore also require the {@code :authority} to be one label deep
 *       ({@link HostPatterns}); a deeper Host falls through to the catch-all's routes, copied after
 *       them, and then to the default backend, which is what the IR gives it.
 *   <li>Request targets (README, Semantics, "Request targets"): Envoy normalizes nothing and forwards
 *       the target as sent, so every virtual host begins with a route answering 400 to a target
 *       that {@link RequestTargets#REFUSED_TARGET_FULL} matches, before the https redirect.
 *   <li>Routes keep the IR's order (first match wins in Envoy too): Exact is {@code path}, Prefix is
 *       {@code path_separated_prefix} (element-wise), and Prefix {@code /} is {@code prefix: "/"}.
 *       These cheap matchers see the raw path, which is the canonical path only when it holds no
 *       {@code %} and no {@code //}; so they are guarded by two {@code :path} matchers, and after
 *       them the same routes, in the same order, match the raw path by
 *       {@link RequestTargets#rawPathRegex} (every rule character maybe escaped, every slash a run).
 *   <li>Every virtual host ends with a route for everything else: the default backend, or 404.
 * </ul>
 *
 * What a route does once it matches (forward, 503, redirect) is {@link RouteActionBuilder}'s.
 */
final class RouteTableBuilder {
  static final String BUFFER_FILTER = "envoy.filters.http.buffer";

  /** Which listener the table is for: only plain HTTP redirects TLS hosts to https. */
  enum Scheme { HTTP, HTTPS }

  private final IngressIR ir;
  private final int httpsPort;
  private final Optional<VirtualHost> catchAll;
  /** The buffer filter's setting for a route whose answer no body limit may change. */
  static final Any BUFFER_OFF = ProtoValues.any(BufferPerRoute.newBuilder().setDisabled(true).build());
  /** The name of the first route of every virtual host. */
  static final String REFUSED_TARGET_ROUTE = "refused request target";
  /** What a route matching the raw path by pattern adds to its rule's route name. */
  static final String RAW_PATH_SUFFIX = " (raw path)";
  private static final io.envoyproxy.envoy.config.route.v3.Route REFUSED_TARGET = refusedTarget();
  /** A plain path: no escape and no run of slashes, so the raw path is the canonical path. */
  private static final List<HeaderMatcher> PLAIN_PATH = List.of(pathWithout("%"), pathWithout("//"));

  private final RouteActionBuilder actions;
  private final VirtualHostCache cache;
  private final EnvoySourceRanges sourceRanges;
  /** The first route of every virtual host; behind trusted proxies it comes before their 403 too. */
  private final io.envoyproxy.envoy.config.route.v3.Route refused;

  /** With a cache, fresh or kept between translations (the sidecar's); call {@link #done()} after the last table. */
  RouteTableBuilder(IngressIR ir, int httpsPort, VirtualHostCache cache) {
    this.ir = ir;
    this.httpsPort = httpsPort;
    this.actions = new RouteActionBuilder(ir, httpsPort);
    this.catchAll = ir.virtualHosts().stream().filter(VirtualHost::isCatchAll).findFirst();
    this.cache = cache;
    this.sourceRanges = new EnvoySourceRanges(ir.listener().trustedProxies());
    this.refused = EnvoyClientAddress.exempt(REFUSED_TARGET, ir.listener().trustedProxies());
    cache.begin(ir, catchAll, httpsPort);
  }

  void done() {
    cache.end();
  }

  /** The name of {@code u}'s cluster, derived once for the routes and the clusters. */
  String clusterName(Upstream u) {
    return actions.clusterName(u);
  }

  /** {@code d} as a proto Duration, derived once for the routes and the clusters. */
  Duration duration(java.time.Duration d) {
    return actions.duration(d);
  }

  RouteConfiguration build(Scheme scheme) {
    RouteConfiguration.Builder table = RouteConfiguration.newBuilder()
        .setName(scheme == Scheme.HTTP ? EnvoyNames.HTTP : EnvoyNames.HTTPS)
        .setIgnorePortInHostMatching(true);
    EnvoyForwarding.addTo(table);
    for (VirtualHost v : ir.virtualHosts()) {
      if (!v.isCatchAll()) {
        table.addVirtualHosts(cache.get(v, scheme, () -> virtualHost(v, scheme)));
      }
    }
    table.addAllVirtualHosts(EnvoyWwwTwins.virtualHosts(new dev.ingressc.ir.HostIndex(ir), scheme == Scheme.HTTPS,
        httpsPort, refused));
    return table.addVirtualHosts(cache.get(null, scheme, () -> anyHost(scheme))).build();
  }

  private io.envoyproxy.envoy.config.route.v3.VirtualHost virtualHost(VirtualHost v, Scheme scheme) {
    io.envoyproxy.envoy.config.route.v3.VirtualHost.Builder vh = io.envoyproxy.envoy.config.route.v3.VirtualHost
        .newBuilder()
        .setName(EnvoyNames.virtualHost(v.host()))
        .addDomains(v.host())
        .addDomains(v.host() + ".")
        .addRoutes(refused);
    boolean redirects = redirects(v, scheme);
    if (v.match() == HostMatch.WILDCARD) {
      HeaderMatcher oneLabel = oneLabelAuthority(v.host());
      body(v, scheme).forEach(r -> vh.addRoutes(guard(r, oneLabel)));
      if (!redirects) {
        io.envoyproxy.envoy.config.route.v3.Route f = hostFallback(v, scheme);
        // Named apart from the unguarded fallback below, so route names stay unique in a host.
        vh.addRoutes(guard(f.toBuilder().setName(f.getName() + " (one label)").build(), oneLabel));
      }
      // A Host deeper than one label: the IR gives it the catch-all's routes, then the default.
      catchAll.ifPresent(any -> body(any, scheme).forEach(vh::addRoutes));
      vh.addRoutes(fallback(scheme));
    } else {
      body(v, scheme).forEach(vh::addRoutes);
      if (!redirects) {
        vh.addRoutes(hostFallback(v, scheme));
      }
    }
    return vh.build();
  }

  /** The "*" host: the host-less rules, then the default. */
  private io.envoyproxy.envoy.config.route.v3.VirtualHost anyHost(Scheme scheme) {
    io.envoyproxy.envoy.config.route.v3.VirtualHost.Builder any = io.envoyproxy.envoy.config.route.v3.VirtualHost
        .newBuilder()
        .setName(EnvoyNames.virtualHost(""))
        .addDomains("*")
        .addRoutes(refused);
    catchAll.ifPresent(c -> body(c, scheme).forEach(any::addRoutes));
    any.addRoutes(fallback(scheme));
    return any.build();
  }

  /**
   * A host's own routes: a redirect to https for a TLS host on plain HTTP, else its path rules,
   * first by their cheap matchers for plain paths, then by pattern on the raw path for the others.
   * A rule no canonical path can reach (an empty or dot segment) gets no pattern route; its cheap
   * route cannot take a request either, since a dot segment is refused and "//" fails the guard.
   */
  private List<io.envoyproxy.envoy.config.route.v3.Route> body(VirtualHost v, Scheme scheme) {
    List<io.envoyproxy.envoy.config.route.v3.Route> out = new ArrayList<>();
    if (redirects(v, scheme)) {
      out.add(actions.httpsRedirect(v));
      return out;
    }
    EnvoyAppRoots.routes(v, scheme == Scheme.HTTP)
        .forEach(r -> out.add(r.putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF).build()));
    if (RegexRouteMatches.regexHost(v)) {
      v.routes().forEach(r -> out.addAll(routes(v, scheme, r, RegexRouteMatches.of(r), routeName(r))));
      return out;
    }
    for (Route r : v.routes()) {
      RouteMatch plain = pathMatch(r).toBuilder().addAllHeaders(PLAIN_PATH).build();
      out.addAll(routes(v, scheme, r, plain, routeName(r)));
    }
    for (Route r : v.routes()) {
      RequestTargets.rawPathRegex(r.match(), r.path()).ifPresent(re -> out.addAll(routes(v, scheme, r,
          RouteMatch.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(re)).build(),
          routeName(r) + RAW_PATH_SUFFIX)));
    }
    return out;
  }

  private static String routeName(Route r) {
    return r.origin().ingress() + " " + r.origin().field();
  }

  /**
   * 400 for a refused target: {@code :path} (the target as sent, with its query) full-matches the
   * policy's expression. Every request has a {@code :path} here: one without is answered before
   * routing (see ListenerBuilder's local reply mapper).
   */
  private static io.envoyproxy.envoy.config.route.v3.Route refusedTarget() {
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName(REFUSED_TARGET_ROUTE)
        .setMatch(RouteMatch.newBuilder().setPrefix("/").addHeaders(HeaderMatcher.newBuilder()
            .setName(":path")
            .setStringMatch(StringMatcher.newBuilder()
                .setSafeRegex(RegexMatcher.newBuilder().setRegex(RequestTargets.REFUSED_TARGET_FULL)))))
        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(400))
        .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF)
        .build();
  }

  /** {@code :path} (with its query: a cheaper test, and the pattern routes catch what it lets by) lacks {@code s}. */
  private static HeaderMatcher pathWithout(String s) {
    return HeaderMatcher.newBuilder()
        .setName(":path")
        .setStringMatch(StringMatcher.newBuilder().setContains(s))
        .setInvertMatch(true)
        .build();
  }

  /** A TLS host on plain HTTP redirects every request, so nothing can follow its redirect route. */
  private static boolean redirects(VirtualHost v, Scheme scheme) {
    return scheme == Scheme.HTTP && v.fallbackRedirectsToHttps() && v.uniformHttpsRedirect();
  }

  /** What a request no rule of {@code v} takes gets: the https redirect on plain HTTP when the host's routes differ on it. */
  private io.envoyproxy.envoy.config.route.v3.Route hostFallback(VirtualHost v, Scheme scheme) {
    return scheme == Scheme.HTTP && !v.uniformHttpsRedirect() && v.fallbackRedirectsToHttps()
        ? actions.httpsRedirect(v) : fallback(scheme);
  }

  /** What a request that no rule takes gets: the default backend, else 404. */
  private io.envoyproxy.envoy.config.route.v3.Route fallback(Scheme scheme) {
    RouteMatch all = RouteMatch.newBuilder().setPrefix("/").build();
    if (ir.defaultBackend().isPresent()) {
      // The IR carries no class parameters for the default backend: it gets the defaults.
      return actions.toBackend(ir.defaultBackend().get(), RouteSettings.DEFAULTS, all, null, scheme)
          .setName("default backend")
          .build();
    }
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName("no match")
        .setMatch(all)
        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(404))
        .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF)
        .build();
  }

  /** The cheap matcher of a rule on the raw path; right only for a plain path (no escape, no "//"). */
  static RouteMatch pathMatch(Route r) {
    if (r.match() == PathMatch.EXACT) {
      return RouteMatch.newBuilder().setPath(r.path()).build();
    }
    String p = r.matchPath();
    if (p.equals("/")) {
      return RouteMatch.newBuilder().setPrefix("/").build();
    }
    // Envoy refuses a path_separated_prefix holding '?' or '#' or ending in '/'; validation keeps
    // those out of the IR, so meeting one here is a bug, not input.
    if (p.indexOf('?') >= 0 || p.indexOf('#') >= 0 || p.endsWith("/")) {
      throw new IllegalStateException("not a valid element-wise prefix: " + p);
    }
    return RouteMatch.newBuilder().setPathSeparatedPrefix(p).build();
  }

  /**
   * A rule's Envoy routes for {@code match}: one redirect, else its canary's routes, else one to its
   * backend, each split by its CORS policy ({@link EnvoyCors}); those that proxy then ask for the
   * rule's basic auth ({@link EnvoyBasicAuth}, after the preflight's 204), run its external auth
   * ({@link EnvoyExternalAuth}) and send its rate limit
   * descriptor; those that proxy or answer 503 or a preflight carry the rule's source ranges
   * ({@link EnvoySourceRanges}).
   */
  private List<io.envoyproxy.envoy.config.route.v3.Route> routes(VirtualHost v, Scheme scheme, Route r,
      RouteMatch match, String name) {
    if (r.redirect().isPresent() || scheme == Scheme.HTTP && !v.uniformHttpsRedirect() && v.redirectsToHttps(r)) {
      return List.of(actions.action(v, scheme, r, match).setName(name).build());
    }
    if (r.connectionLimit().isPresent()) {
      // Envoy lacks a connection limit (EnvoyEmitter.lacks): the compile for Envoy rejects such an
      // Ingress, so only an IR compiled for another target gets here. Never served unlimited.
      return List.of(io.envoyproxy.envoy.config.route.v3.Route.newBuilder().setMatch(match).setName(name)
          .setDirectResponse(DirectResponseAction.newBuilder().setStatus(dev.ingressc.ir.ConnectionLimit.STATUS))
          .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF).build());
    }
    return sourceRanges.guard(r, EnvoyRateLimits.apply(r, EnvoyExternalAuth.apply(r, EnvoyBasicAuth.apply(r,
        EnvoyCors.apply(r, EnvoyRewrites.apply(r, match, name, EnvoyCanaryRoutes.expand(r, match, name, (b, m) ->
        EnvoyForwarding.upstreamHost(actions.toBackend(b, r.settings(), m, r, scheme), r), actions::clusterOf),
        BUFFER_OFF), BUFFER_OFF), BUFFER_OFF))));
  }

  private static HeaderMatcher oneLabelAuthority(String wildcardHost) {
    return HeaderMatcher.newBuilder()
        .setName(":authority")
        .setStringMatch(StringMatcher.newBuilder()
            .setSafeRegex(RegexMatcher.newBuilder().setRegex(HostPatterns.oneLabelAuthority(wildcardHost))))
        .build();
  }

  private static io.envoyproxy.envoy.config.route.v3.Route guard(io.envoyproxy.envoy.config.route.v3.Route r,
      HeaderMatcher header) {
    io.envoyproxy.envoy.config.route.v3.Route.Builder b = r.toBuilder();
    b.getMatchBuilder().addHeaders(header);
    return b.build();
  }

}
