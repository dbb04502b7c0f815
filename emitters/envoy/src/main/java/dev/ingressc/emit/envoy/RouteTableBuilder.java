package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.HostMatch;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
 *   <li>Routes keep the IR's order (first match wins in Envoy too): Exact is {@code path}, Prefix is
 *       {@code path_separated_prefix} (element-wise), and Prefix {@code /} is {@code prefix: "/"}.
 *   <li>Every virtual host ends with a route for everything else: the default backend, or 404.
 * </ul>
 */
final class RouteTableBuilder {
  static final String BUFFER_FILTER = "envoy.filters.http.buffer";

  /** Which listener the table is for: only plain HTTP redirects TLS hosts to https. */
  enum Scheme { HTTP, HTTPS }

  private final IngressIR ir;
  private final int httpsPort;
  private final Map<String, Upstream> upstreams;
  private final Optional<VirtualHost> catchAll;
  // Tens of thousands of routes share a few distinct values: derive each once.
  private final Map<String, String> clusterNames = new HashMap<>();
  private final Map<java.time.Duration, Duration> durations = new HashMap<>();
  private final Map<Long, Any> bodyLimits = new HashMap<>();
  private static final Any BUFFER_OFF = ProtoValues.any(BufferPerRoute.newBuilder().setDisabled(true).build());

  private final VirtualHostCache cache;

  /** With a cache, fresh or kept between translations (the sidecar's); call {@link #done()} after the last table. */
  RouteTableBuilder(IngressIR ir, int httpsPort, VirtualHostCache cache) {
    this.ir = ir;
    this.httpsPort = httpsPort;
    this.upstreams = ir.upstreams().stream().collect(Collectors.toMap(Upstream::name, Function.identity()));
    this.catchAll = ir.virtualHosts().stream().filter(VirtualHost::isCatchAll).findFirst();
    this.cache = cache;
    cache.begin(ir, catchAll, httpsPort);
  }

  void done() {
    cache.end();
  }

  String clusterName(Upstream u) {
    return clusterNames.computeIfAbsent(u.name(), EnvoyNames::cluster);
  }

  Duration duration(java.time.Duration d) {
    return durations.computeIfAbsent(d, ProtoValues::duration);
  }

  RouteConfiguration build(Scheme scheme) {
    RouteConfiguration.Builder table = RouteConfiguration.newBuilder()
        .setName(scheme == Scheme.HTTP ? EnvoyNames.HTTP : EnvoyNames.HTTPS)
        .setIgnorePortInHostMatching(true);
    for (VirtualHost v : ir.virtualHosts()) {
      if (!v.isCatchAll()) {
        table.addVirtualHosts(cache.get(v, scheme, () -> virtualHost(v, scheme)));
      }
    }
    return table.addVirtualHosts(cache.get(null, scheme, () -> anyHost(scheme))).build();
  }

  private io.envoyproxy.envoy.config.route.v3.VirtualHost virtualHost(VirtualHost v, Scheme scheme) {
    io.envoyproxy.envoy.config.route.v3.VirtualHost.Builder vh = io.envoyproxy.envoy.config.route.v3.VirtualHost
        .newBuilder()
        .setName(EnvoyNames.virtualHost(v.host()))
        .addDomains(v.host())
        .addDomains(v.host() + ".");
    boolean redirects = redirects(v, scheme);
    if (v.match() == HostMatch.WILDCARD) {
      HeaderMatcher oneLabel = oneLabelAuthority(v.host());
      body(v, scheme).forEach(r -> vh.addRoutes(guard(r, oneLabel)));
      if (!redirects) {
        vh.addRoutes(guard(fallback(), oneLabel));
      }
      // A Host deeper than one label: the IR gives it the catch-all's routes, then the default.
      catchAll.ifPresent(any -> body(any, scheme).forEach(vh::addRoutes));
      vh.addRoutes(fallback());
    } else {
      body(v, scheme).forEach(vh::addRoutes);
      if (!redirects) {
        vh.addRoutes(fallback());
      }
    }
    return vh.build();
  }

  /** The "*" host: the host-less rules, then the default. */
  private io.envoyproxy.envoy.config.route.v3.VirtualHost anyHost(Scheme scheme) {
    io.envoyproxy.envoy.config.route.v3.VirtualHost.Builder any = io.envoyproxy.envoy.config.route.v3.VirtualHost
        .newBuilder()
        .setName(EnvoyNames.virtualHost(""))
        .addDomains("*");
    catchAll.ifPresent(c -> body(c, scheme).forEach(any::addRoutes));
    any.addRoutes(fallback());
    return any.build();
  }

  /** A host's own routes: a redirect to https for a TLS host on plain HTTP, else its path rules. */
  private List<io.envoyproxy.envoy.config.route.v3.Route> body(VirtualHost v, Scheme scheme) {
    List<io.envoyproxy.envoy.config.route.v3.Route> out = new ArrayList<>();
    if (redirects(v, scheme)) {
      out.add(httpsRedirect(v));
      return out;
    }
    for (Route r : v.routes()) {
      out.add(toBackend(r.backend(), r.settings(), pathMatch(r))
          .setName(r.origin().ingress() + " " + r.origin().field())
          .build());
    }
    return out;
  }

  /** A TLS host on plain HTTP redirects every request, so nothing can follow its redirect route. */
  private static boolean redirects(VirtualHost v, Scheme scheme) {
    return scheme == Scheme.HTTP && v.tls().isPresent() && v.tls().get().redirectToHttps();
  }

  /** What a request that no rule takes gets: the default backend, else 404. */
  private io.envoyproxy.envoy.config.route.v3.Route fallback() {
    RouteMatch all = RouteMatch.newBuilder().setPrefix("/").build();
    if (ir.defaultBackend().isPresent()) {
      // The IR carries no class parameters for the default backend: it gets the defaults.
      return toBackend(ir.defaultBackend().get(), RouteSettings.DEFAULTS, all).setName("default backend").build();
    }
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName("no match")
        .setMatch(all)
        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(404))
        .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF)
        .build();
  }

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

  private io.envoyproxy.envoy.config.route.v3.Route.Builder toBackend(Backend b, RouteSettings settings,
      RouteMatch match) {
    io.envoyproxy.envoy.config.route.v3.Route.Builder route =
        io.envoyproxy.envoy.config.route.v3.Route.newBuilder().setMatch(match);
    Upstream u = upstreams.get(b.upstream());
    if (u == null || u.unavailable()) {
      return route.setDirectResponse(DirectResponseAction.newBuilder().setStatus(503))
          .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF);
    }
    RouteAction.Builder action = RouteAction.newBuilder()
        .setCluster(clusterName(u))
        // No limit on the whole exchange (Envoy's default is 15s); the read timeout bounds idleness.
        .setTimeout(duration(java.time.Duration.ZERO))
        .setIdleTimeout(duration(settings.readTimeout()));
    if (u.loadBalancing() == LoadBalancing.CLIENT_IP_HASH) {
      action.addHashPolicy(RouteAction.HashPolicy.newBuilder().setConnectionProperties(
          RouteAction.HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true)));
    }
    return route.setRoute(action).putTypedPerFilterConfig(BUFFER_FILTER, bodyLimit(settings.maxBodyBytes()));
  }

  /**
   * A 308 to https. An exact host is written into the Location as the IR spells it; a wildcard
   * host keeps the request's Host, whose port Envoy replaces by {@code port_redirect} (given even
   * for 443, because without it Envoy keeps a port other than 80).
   */
  private io.envoyproxy.envoy.config.route.v3.Route httpsRedirect(VirtualHost v) {
    RedirectAction.Builder redirect = RedirectAction.newBuilder()
        .setHttpsRedirect(true)
        .setResponseCode(RedirectAction.RedirectResponseCode.PERMANENT_REDIRECT);
    if (v.match() == HostMatch.EXACT) {
      redirect.setHostRedirect(v.host());
      if (httpsPort != 443) {
        redirect.setPortRedirect(httpsPort);
      }
    } else {
      redirect.setPortRedirect(httpsPort);
    }
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName("https redirect")
        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
        .setRedirect(redirect)
        .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF)
        .build();
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

  /**
   * The buffer filter's setting for a route: the body limit, or off when there is none (0).
   * Requests that never reach a backend get {@link #BUFFER_OFF}, so no body limit changes their answer.
   */
  private Any bodyLimit(long maxBodyBytes) {
    return maxBodyBytes == 0 ? BUFFER_OFF : bodyLimits.computeIfAbsent(maxBodyBytes, n -> ProtoValues.any(
        BufferPerRoute.newBuilder().setBuffer(Buffer.newBuilder().setMaxRequestBytes(ProtoValues.uint32(n))).build()));
  }
}
