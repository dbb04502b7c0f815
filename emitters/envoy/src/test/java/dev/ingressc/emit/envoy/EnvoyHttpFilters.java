package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuth;
import io.envoyproxy.envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.Lua;
import io.envoyproxy.envoy.extensions.filters.http.lua.v3.LuaPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Optional;

/**
 * The interpreter's model of a connection manager's HTTP decoder filters on a routed request, in
 * the order listed (http_connection_manager.proto, http_filters: "the order of filters matters");
 * the router, which forwards or makes the route's own answer, must be last. Known filters only
 * (anything else throws):
 * <ul>
 *   <li>RBAC ({@link EnvoyRbacModel}): a request it denies gets 403 there, before any later filter;
 *       its shadow rules' result goes into the request's dynamic metadata ({@link EnvoyStreamInfo});
 *   <li>local rate limit ({@link EnvoyRateLimitModel}): the route's descriptors, made with the
 *       dynamic metadata the filters before it wrote, find the bucket (kept in the stream info);
 *   <li>basic auth ({@link EnvoyBasicAuthModel}): 401 with its WWW-Authenticate, before any later filter;
 *   <li>Lua ({@link EnvoyLuaModel}): the configured script runs; its respond() answers there, else the
 *       request goes on with the fields as the script left them;
 *   <li>buffer (buffer.proto): "The maximum request size that the filter will buffer before the
 *       connection manager will stop buffering and return a 413 response"; an upgrade's body never
 *       ends, so an upgrade it buffers stalls; {@code BufferPerRoute.disabled} turns it off.
 * </ul>
 * A filter's per-route config is the most specific one under the filter's name: the route's, else
 * the virtual host's, else the route table's; a weighted cluster's own is not modelled and throws.
 * Which list a request runs through (an upgrade's own, or none: refused) is decided here too.
 */
final class EnvoyHttpFilters {
  private EnvoyHttpFilters() {}

  /**
   * The HTTP filters a request to {@code route} runs through (http_connection_manager.proto,
   * UpgradeConfig; Envoy's ConnectionManagerImpl): the connection manager's, or for an upgrade
   * request the upgrade's. Its type must be enabled by the route's RouteAction.upgrade_configs, else
   * by an HCM upgrade_configs entry (type compared case-insensitively, enabled unless set false);
   * otherwise Envoy answers 403 itself (empty here). An allowed upgrade runs that entry's filters (the
   * HCM's own when it lists none).
   */
  static Optional<List<HttpFilter>> of(HttpConnectionManager hcm, EnvoyInterpreter.Request req, Route route,
      List<String> trace) {
    if (req.upgrade().isEmpty()) {
      return Optional.of(hcm.getHttpFiltersList());
    }
    String type = req.upgrade().get();
    Optional<HttpConnectionManager.UpgradeConfig> config = hcm.getUpgradeConfigsList().stream()
        .filter(u -> u.getUpgradeType().equalsIgnoreCase(type)).findFirst();
    boolean enabled = config.map(u -> !u.hasEnabled() || u.getEnabled().getValue()).orElse(false);
    if (route.hasRoute()) {
      for (var perRoute : route.getRoute().getUpgradeConfigsList()) {
        if (perRoute.getUpgradeType().equalsIgnoreCase(type)) {
          enabled = !perRoute.hasEnabled() || perRoute.getEnabled().getValue();
        }
      }
    }
    if (!enabled || config.isEmpty()) {
      return Optional.empty();
    }
    List<HttpFilter> filters = config.get().getFiltersCount() > 0 ? config.get().getFiltersList()
        : hcm.getHttpFiltersList();
    trace.add("upgrade " + type + " through " + filters.stream().map(HttpFilter::getName).toList());
    return Optional.of(filters);
  }

  /**
   * The router's 404 to a request no route takes, unless a filter before it answers first (the
   * upgrade's list when its type is allowed, as no route can refuse it): an RBAC filter, with its own
   * config (no route, no per-route config), may answer 403. Modelled only where no other filter can
   * answer first: no body.
   */
  static Answer unrouted(HttpConnectionManager hcm, EnvoyInterpreter.Request req, EnvoyStreamInfo info,
      Optional<String> certificate, List<String> trace) {
    if (req.body() > 0) {
      throw new UnsupportedOperationException("filters before the router's 404 on a body are not modelled");
    }
    List<HttpFilter> filters = req.upgrade().flatMap(type -> hcm.getUpgradeConfigsList().stream()
            .filter(u -> u.getUpgradeType().equalsIgnoreCase(type) && (!u.hasEnabled() || u.getEnabled().getValue())
                && u.getFiltersCount() > 0)
            .findFirst()).map(HttpConnectionManager.UpgradeConfig::getFiltersList).orElse(hcm.getHttpFiltersList());
    for (HttpFilter f : filters) {
      if (f.getTypedConfig().is(RBAC.class) && !f.getDisabled() && !EnvoyRbacModel.allows(EnvoyInterpreter.unpack(
          f.getTypedConfig(), RBAC.class), Optional.empty(), downstream(req, info), info, trace)) {
        return new Answer(Outcome.REFUSED_BY_FILTER, 403, Optional.empty(), List.of(), Optional.empty(), certificate,
            Optional.empty(), trace);
      }
    }
    return new Answer(Outcome.NO_ROUTE, 404, Optional.empty(), List.of(), Optional.empty(), certificate,
        Optional.empty(), trace);
  }

  /** What RBAC reads of {@code req}: its peer and the address the connection manager took (the peer when none). */
  static EnvoyRbacModel.Downstream downstream(EnvoyInterpreter.Request req, EnvoyStreamInfo info) {
    return new EnvoyRbacModel.Downstream(req.client(), info.downstreamRemoteAddress()
        .map(EnvoyClientAddressModel.Remote::address).orElse(req.client()), req.host(), req.path(), req.headers());
  }

  /** The answer of a filter that stops {@code req} before the router, or empty when the router takes it. */
  static Optional<Answer> decode(List<HttpFilter> filters, EnvoyInterpreter.Request req, Route route, VirtualHost vhost,
      RouteConfiguration table, Optional<String> certificate, EnvoyStreamInfo info, EnvoyLuaModel lua,
      List<String> trace) {
    if (route.hasRoute() && route.getRoute().getWeightedClusters().getClustersList().stream()
        .anyMatch(c -> c.getTypedPerFilterConfigCount() > 0)) {
      throw new UnsupportedOperationException("per-filter config on a weighted cluster is not modelled: " + route);
    }
    for (int i = 0; i < filters.size(); i++) {
      HttpFilter f = filters.get(i);
      if (!f.hasTypedConfig()) {
        throw new UnsupportedOperationException("an HTTP filter without typed_config: " + f);
      }
      if (disabled(f, route, vhost, table)) {
        trace.add("HTTP filter " + f.getName() + " disabled for this route");
        continue;
      }
      Any config = f.getTypedConfig();
      if (config.is(RBAC.class)) {
        Optional<RBACPerRoute> perRoute = perRoute(f.getName(), route, vhost, table, RBACPerRoute.class);
        if (!EnvoyRbacModel.allows(EnvoyInterpreter.unpack(config, RBAC.class), perRoute, downstream(req, info), info,
            trace)) {
          return Optional.of(new Answer(Outcome.REFUSED_BY_FILTER, 403, Optional.empty(), List.of(), Optional.empty(),
              certificate, Optional.of(route), trace, Optional.empty(), java.util.Map.of(), Optional.empty(),
              java.util.Map.of(), java.util.Map.of(), localReplyHeaders(route, req), List.of()));
        }
      } else if (config.is(Buffer.class)) {
        Optional<BufferPerRoute> perRoute = perRoute(f.getName(), route, vhost, table, BufferPerRoute.class);
        if (perRoute.map(BufferPerRoute::getDisabled).orElse(false)) {
          continue;
        }
        Buffer b = perRoute.filter(BufferPerRoute::hasBuffer).map(BufferPerRoute::getBuffer)
            .orElse(EnvoyInterpreter.unpack(config, Buffer.class));
        long max = Integer.toUnsignedLong(b.getMaxRequestBytes().getValue());
        if (req.upgrade().isPresent()) {
          trace.add("the buffer filter waits for the end of the request body");
          return Optional.of(new Answer(Outcome.STALLED, 0, Optional.empty(), List.of(), Optional.empty(), certificate,
              Optional.of(route), trace));
        }
        if (req.body() > max) {
          trace.add("the buffer filter: a body of " + req.body() + " bytes is over " + max + ": 413");
          return Optional.of(new Answer(Outcome.REFUSED_BY_FILTER, 413, Optional.empty(), List.of(), Optional.empty(),
              certificate, Optional.of(route), trace));
        }
      } else if (config.is(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.class)) {
        // One request finds its bucket full (a new client's): it passes. What the descriptors hold
        // is checked against the IR apart (RateLimitsTest); here only what the filter would key by.
        info.rateLimitBucket(EnvoyRateLimitModel.descriptor(EnvoyInterpreter.unpack(config,
            io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit.class), route, req,
            info, trace));
      } else if (config.is(BasicAuth.class)) {
        Optional<java.util.Map<String, String>> denied = EnvoyBasicAuthModel.denial(
            EnvoyInterpreter.unpack(config, BasicAuth.class),
            perRoute(f.getName(), route, vhost, table, BasicAuthPerRoute.class), route, req,
            req.tls() ? "https" : "http", trace);
        if (denied.isPresent()) {
          return Optional.of(new Answer(Outcome.REFUSED_BY_FILTER, 401, Optional.empty(), List.of(), Optional.empty(),
              certificate, Optional.of(route), trace, Optional.empty(), java.util.Map.of(), Optional.empty(),
              java.util.Map.of(), java.util.Map.of(), denied.get(), List.of()));
        }
      } else if (config.is(Lua.class)) {
        Optional<Answer> replied = lua.decode(f.getName(), EnvoyInterpreter.unpack(config, Lua.class),
            perRoute(f.getName(), route, vhost, table, LuaPerRoute.class), route, req, info, certificate, trace);
        if (replied.isPresent()) {
          return replied;
        }
      } else if (config.is(Router.class)) {
        if (i != filters.size() - 1) {
          throw new UnsupportedOperationException("a filter after the router never runs: " + filters);
        }
        return Optional.empty();
      } else {
        throw new UnsupportedOperationException("HTTP filter not modelled: " + f.getName() + " " + config.getTypeUrl());
      }
    }
    throw new UnsupportedOperationException("a filter list that does not end with the router: " + filters);
  }

  private static <T extends Message> Optional<T> perRoute(String filter, Route route, VirtualHost vhost,
      RouteConfiguration table, Class<T> type) {
    for (java.util.Map<String, Any> level : levels(route, vhost, table)) {
      Any any = level.get(filter);
      if (any != null) {
        if (any.is(FilterConfig.class)) {
          throw new UnsupportedOperationException("a FilterConfig wrapper is not modelled: " + any);
        }
        return Optional.of(EnvoyInterpreter.unpack(any, type));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code f} is off for this request (http_connection_manager.proto HttpFilter.disabled;
   * Envoy's PerFilterConfigs::disabled): the most specific level that configures the filter decides
   * (a FilterConfig by its {@code disabled}, any other config: "a filter explicitly configured we
   * treat as enabled"); no level: the filter's own {@code disabled}.
   */
  private static boolean disabled(HttpFilter f, Route route, VirtualHost vhost, RouteConfiguration table) {
    for (java.util.Map<String, Any> level : levels(route, vhost, table)) {
      Any any = level.get(f.getName());
      if (any != null) {
        return any.is(FilterConfig.class) && EnvoyInterpreter.unpack(any, FilterConfig.class).getDisabled();
      }
    }
    return f.getDisabled();
  }

  private static List<java.util.Map<String, Any>> levels(Route route, VirtualHost vhost, RouteConfiguration table) {
    return List.of(route.getTypedPerFilterConfigMap(), vhost.getTypedPerFilterConfigMap(),
        table.getTypedPerFilterConfigMap());
  }

  /**
   * The response headers a filter's local reply gets: Envoy's filter manager adds the route's own
   * (finalizeResponseHeaders in sendLocalReplyViaFilterChain) when the route has a route action;
   * a direct response route has no route entry there, so its reply gets none.
   */
  static java.util.Map<String, String> localReplyHeaders(io.envoyproxy.envoy.config.route.v3.Route route,
      EnvoyInterpreter.Request req) {
    return route.hasRoute() ? EnvoyRouteActions.responseHeaders(route, req) : java.util.Map.of();
  }
}
