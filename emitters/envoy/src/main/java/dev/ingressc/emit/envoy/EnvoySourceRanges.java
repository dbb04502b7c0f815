package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.SourceRanges;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBACPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's source ranges in Envoy (SEMANTICS.md, Source ranges): the RBAC filter. Its own config has
 * no {@code rules}, so it enforces nothing on a route that does not say otherwise; each route that
 * proxies for a guarded rule (canary sides included) carries an {@code RBACPerRoute} whose one ALLOW
 * policy admits the client addresses the IR admits, by {@code direct_remote_ip} (the connection's
 * peer, never x-forwarded-for), or, behind trusted proxies, by {@code remote_ip} (the address the
 * connection manager found in x-forwarded-for: {@link EnvoyClientAddress}). A request it keeps out
 * gets Envoy's 403. So does the 503 a guarded rule answers for an upstream without endpoints (a
 * direct response: the RBAC filter runs before the router, so 403 comes first, as on every target);
 * the answers that come before any route (the rewrite's 400, redirects) come from routes without
 * that config.
 *
 * <p>The same per-route config carries a rate limit's exempt ranges (limit-whitelist,
 * {@link EnvoyRateLimits}) as {@code shadow_rules}: one ALLOW policy whose principal is any exempt
 * range, by the same address. Shadow rules never deny; the filter writes their result as dynamic
 * metadata in its namespace ({@value #RBAC_FILTER}), key {@value #SHADOW_RESULT}
 * ({@code allowed}: the client is exempt, {@code denied}: it is not; no
 * {@code shadow_rules_stat_prefix}, so no prefix to the key), before the local rate limit filter
 * that reads it runs. A route with exempt ranges and no source ranges gets shadow rules alone: no
 * enforced engine, so the filter lets every request on there, as before.
 */
final class EnvoySourceRanges {
  static final String RBAC_FILTER = "envoy.filters.http.rbac";
  /** The name of the one policy of a guarded route. */
  static final String POLICY = "source-ranges";
  /** The name of the one shadow policy of a route whose rate limit exempts clients. */
  static final String EXEMPT_POLICY = "rate-limit-exempt";
  /** Where the RBAC filter writes its shadow rules' result (rbac_filter.cc, DynamicMetadataKeys). */
  static final String SHADOW_RESULT = "shadow_engine_result";

  private static final Permission ANY_REQUEST = Permission.newBuilder().setAny(true).build();

  /** What one per-route config says: the ranges it enforces, the exempt ones its shadow rules find. */
  private record Key(Optional<SourceRanges> ranges, List<SourceRanges.Cidr> exempt) {}

  /** A guarded rule's routes share one config per distinct set of ranges. */
  private final Map<Key, Any> perRoute = new HashMap<>();
  /**
   * Whether the client is the connection's peer ({@code direct_remote_ip}), else the address the
   * connection manager found behind trusted proxies ({@code remote_ip}; {@link EnvoyClientAddress}).
   */
  private final boolean direct;

  /** @param trusted the proxies in front whose X-Forwarded-For names the client (none: the peer is) */
  EnvoySourceRanges(dev.ingressc.ir.TrustedProxies trusted) {
    this.direct = !trusted.any();
  }

  /**
   * Whether any route of {@code ir} has source ranges or a rate limit with exempt clients; without
   * one, no RBAC filter is emitted.
   */
  static boolean used(IngressIR ir) {
    return ir.virtualHosts().stream().flatMap(v -> v.routes().stream())
        .anyMatch(r -> r.sourceRanges().isPresent() || !exempt(r).isEmpty());
  }

  /** The client ranges {@code r}'s rate limit exempts; empty without a limit. */
  static List<SourceRanges.Cidr> exempt(Route r) {
    return r.rateLimit().map(RateLimit::exempt).orElse(List.of());
  }

  /** The connection manager's RBAC filter: no {@code rules}, so no enforcement unless a route sets its own. */
  static HttpFilter filter() {
    return HttpFilter.newBuilder().setName(RBAC_FILTER).setTypedConfig(ProtoValues.any(RBAC.getDefaultInstance()))
        .build();
  }

  /**
   * {@code routes}, made for {@code r}: each that proxies or answers 503 carries {@code r}'s ranges;
   * each that proxies (those that send the rate limit's descriptor) also its exempt ranges as shadow
   * rules; the others (a CORS preflight's 204 among them) stay.
   */
  List<io.envoyproxy.envoy.config.route.v3.Route> guard(Route r, List<io.envoyproxy.envoy.config.route.v3.Route> routes) {
    Optional<SourceRanges> ranges = r.sourceRanges();
    List<SourceRanges.Cidr> exempt = exempt(r);
    if (ranges.isEmpty() && exempt.isEmpty()) {
      return routes;
    }
    // A CORS preflight's 204 comes before the ranges (SEMANTICS.md, CORS): its route is not guarded.
    return routes.stream().map(route -> {
      if (route.hasRoute()) {
        return with(route, new Key(ranges, exempt));
      }
      boolean unavailable = route.hasDirectResponse() && route.getDirectResponse().getStatus() == 503;
      return unavailable && ranges.isPresent() ? with(route, new Key(ranges, List.of())) : route;
    }).toList();
  }

  private io.envoyproxy.envoy.config.route.v3.Route with(io.envoyproxy.envoy.config.route.v3.Route route, Key key) {
    return route.toBuilder().putTypedPerFilterConfig(RBAC_FILTER, perRoute.computeIfAbsent(key, this::config))
        .build();
  }

  private Any config(Key key) {
    RBAC.Builder rbac = RBAC.newBuilder();
    key.ranges().ifPresent(s -> rbac.setRules(allow(POLICY, principal(s))));
    if (!key.exempt().isEmpty()) {
      rbac.setShadowRules(allow(EXEMPT_POLICY, anyOf(key.exempt())));
    }
    return ProtoValues.any(RBACPerRoute.newBuilder().setRbac(rbac).build());
  }

  /** ALLOW rules with one policy: any request from {@code who}. */
  private static io.envoyproxy.envoy.config.rbac.v3.RBAC allow(String policy, Principal who) {
    return io.envoyproxy.envoy.config.rbac.v3.RBAC.newBuilder()
        .setAction(io.envoyproxy.envoy.config.rbac.v3.RBAC.Action.ALLOW)
        .putPolicies(policy, Policy.newBuilder().addPermissions(ANY_REQUEST).addPrincipals(who).build())
        .build();
  }

  /**
   * Who is let in, as the IR decides it (deny first, then allow): in an allowed range, not in a
   * denied one; with only one list, that list alone.
   */
  private Principal principal(SourceRanges s) {
    Principal notDenied = s.deny().isEmpty() ? null
        : Principal.newBuilder().setNotId(anyOf(s.deny())).build();
    if (s.allow().isEmpty()) {
      return notDenied;
    }
    Principal allowed = anyOf(s.allow());
    return notDenied == null ? allowed : Principal.newBuilder().setAndIds(Principal.Set.newBuilder()
        .addIds(allowed).addIds(notDenied)).build();
  }

  /** {@code or_ids} of the ranges, in the IR's order, even for one range: one shape for every list. */
  private Principal anyOf(List<SourceRanges.Cidr> cidrs) {
    return EnvoyClientAddress.anyOf(cidrs, direct);
  }
}
