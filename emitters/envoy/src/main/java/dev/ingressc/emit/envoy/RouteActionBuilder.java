package dev.ingressc.emit.envoy;

import static dev.ingressc.emit.envoy.RouteTableBuilder.BUFFER_FILTER;
import static dev.ingressc.emit.envoy.RouteTableBuilder.BUFFER_OFF;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.ingressc.emit.envoy.RouteTableBuilder.Scheme;
import dev.ingressc.ir.Backend;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an Envoy route does once it matches, for {@link RouteTableBuilder}: forward to its
 * backend's cluster (timeouts, hash policy, body limit), answer 503 when that backend has no
 * endpoints, or redirect.
 */
final class RouteActionBuilder {
  private final int httpsPort;
  private final Map<String, Upstream> upstreams;
  // Tens of thousands of routes share a few distinct values: derive each once.
  private final Map<String, String> clusterNames = new HashMap<>();
  private final Map<java.time.Duration, Duration> durations = new HashMap<>();
  private final Map<Long, Any> bodyLimits = new HashMap<>();

  RouteActionBuilder(IngressIR ir, int httpsPort) {
    this.httpsPort = httpsPort;
    this.upstreams = ir.upstreams().stream().collect(Collectors.toMap(Upstream::name, Function.identity()));
  }

  String clusterName(Upstream u) {
    return clusterNames.computeIfAbsent(u.name(), EnvoyNames::cluster);
  }

  Duration duration(java.time.Duration d) {
    return durations.computeIfAbsent(d, ProtoValues::duration);
  }

  /** The cluster of {@code b}'s upstream; null when it has none (no endpoints: a direct 503). */
  String clusterOf(Backend b) {
    Upstream u = upstreams.get(b.upstream());
    return u == null || u.unavailable() ? null : clusterName(u);
  }

  io.envoyproxy.envoy.config.route.v3.Route.Builder action(VirtualHost v, Scheme scheme, Route r,
      RouteMatch match) {
    if (scheme == Scheme.HTTP && !v.uniformHttpsRedirect() && v.redirectsToHttps(r)) {
      return io.envoyproxy.envoy.config.route.v3.Route.newBuilder().setMatch(match)
          .setRedirect(EnvoyRedirects.https(v, httpsPort))
          .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF);
    }
    if (r.redirect().isPresent()) {
      return io.envoyproxy.envoy.config.route.v3.Route.newBuilder().setMatch(match)
          .setRedirect(EnvoyRedirects.action(r.redirect().get()))
          .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF);
    }
    return toBackend(r.backend(), r.settings(), match, r, scheme);
  }

  /**
   * A route to {@code b} for {@code r} (null: the default backend) on the {@code scheme} listener:
   * the cluster, or a direct 503 when it has no endpoints.
   */
  io.envoyproxy.envoy.config.route.v3.Route.Builder toBackend(Backend b, RouteSettings settings,
      RouteMatch match, Route r, Scheme scheme) {
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
    if (!EnvoyAffinity.addHashPolicy(action, u, r, scheme == Scheme.HTTPS)
        && u.loadBalancing() == LoadBalancing.CLIENT_IP_HASH) {
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
  io.envoyproxy.envoy.config.route.v3.Route httpsRedirect(VirtualHost v) {
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
        .setName("https redirect")
        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
        .setRedirect(EnvoyRedirects.https(v, httpsPort))
        .putTypedPerFilterConfig(BUFFER_FILTER, BUFFER_OFF)
        .build();
  }

  /**
   * The buffer filter's setting for a route: the body limit, or off when there is none (0).
   * Requests that never reach a backend get {@link RouteTableBuilder#BUFFER_OFF}, so no body limit
   * changes their answer.
   */
  private Any bodyLimit(long maxBodyBytes) {
    return maxBodyBytes == 0 ? BUFFER_OFF : bodyLimits.computeIfAbsent(maxBodyBytes, n -> ProtoValues.any(
        BufferPerRoute.newBuilder().setBuffer(Buffer.newBuilder().setMaxRequestBytes(ProtoValues.uint32(n))).build()));
  }
}
