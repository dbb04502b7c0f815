package dev.ingressc.emit.envoy;

import com.google.protobuf.Duration;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The routes' rate limits (SEMANTICS.md, Rate limits) in Envoy: one local rate limit filter in the
 * connection manager, after RBAC and before the buffer filter, whose descriptors hold a token
 * bucket per limited route and client address ({@code generic_key} the route, {@code remote_address}
 * a wildcard: a bucket per address); each Envoy route that proxies for the rule (its canary,
 * CORS and raw-path variants alike) sends that descriptor ({@code rate_limits}), so they share the
 * buckets. A bucket holds {@code burst + 1} tokens and gains one per interval (or the rate's count
 * per second or minute when the interval is under the 50 ms Envoy allows), as nginx's leaky bucket
 * drains; an empty one answers 503. A request without a descriptor (Envoy's own answers) meets the
 * default bucket, which never runs out.
 */
final class EnvoyRateLimits {
  static final String FILTER = "envoy.filters.http.local_ratelimit";
  static final String ROUTE_KEY = "generic_key";
  static final String CLIENT_KEY = "remote_address";
  /** How many client addresses each limited route keeps a bucket for (the least recently seen dropped first). */
  static final int CLIENTS = 10_000;
  private static final long UNLIMITED = 4_294_967_295L;
  private static final java.time.Duration MIN_FILL = java.time.Duration.ofMillis(50);

  private EnvoyRateLimits() {}

  /** The connection manager's filter, when some route is limited. */
  static Optional<HttpFilter> filter(IngressIR ir) {
    Map<String, RateLimit> limited = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.rateLimit().ifPresent(l -> limited.put(id(r), l))));
    if (limited.isEmpty()) {
      return Optional.empty();
    }
    FractionalPercent all = FractionalPercent.newBuilder().setNumerator(100)
        .setDenominator(FractionalPercent.DenominatorType.HUNDRED).build();
    LocalRateLimit.Builder b = LocalRateLimit.newBuilder()
        .setStatPrefix("ingressc_rate_limit")
        .setStatus(HttpStatus.newBuilder().setCode(StatusCode.forNumber(RateLimit.STATUS)))
        .setTokenBucket(bucket(UNLIMITED, UNLIMITED, java.time.Duration.ofSeconds(1)))
        .setFilterEnabled(RuntimeFractionalPercent.newBuilder().setDefaultValue(all)
            .setRuntimeKey("ingressc_rate_limit_enabled"))
        .setFilterEnforced(RuntimeFractionalPercent.newBuilder().setDefaultValue(all)
            .setRuntimeKey("ingressc_rate_limit_enforced"))
        .setAlwaysConsumeDefaultTokenBucket(com.google.protobuf.BoolValue.of(false))
        .setMaxDynamicDescriptors(ProtoValues.uint32(CLIENTS));
    limited.forEach((id, l) -> b.addDescriptors(LocalRateLimitDescriptor.newBuilder()
        .addEntries(io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry.newBuilder()
            .setKey(ROUTE_KEY).setValue(id))
        .addEntries(io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry.newBuilder()
            .setKey(CLIENT_KEY))
        .setTokenBucket(bucket(l))));
    return Optional.of(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(ProtoValues.any(b.build())).build());
  }

  /** {@code burst + 1} tokens, one more per interval, or the rate's count per second or minute when that is under 50 ms. */
  static TokenBucket bucket(RateLimit l) {
    if (l.interval().compareTo(MIN_FILL) >= 0) {
      return bucket(l.atOnce(), 1, l.interval());
    }
    return bucket(l.atOnce(), l.requests(), java.time.Duration.ofSeconds(l.perMinute() ? 60 : 1));
  }

  private static TokenBucket bucket(long max, long perFill, java.time.Duration every) {
    return TokenBucket.newBuilder().setMaxTokens((int) Math.min(max, UNLIMITED))
        .setTokensPerFill(ProtoValues.uint32(perFill))
        .setFillInterval(Duration.newBuilder().setSeconds(every.getSeconds()).setNanos(every.getNano()))
        .build();
  }

  /** {@code routes}, made for {@code r}: each that proxies sends {@code r}'s descriptor; the others stay. */
  static List<io.envoyproxy.envoy.config.route.v3.Route> apply(Route r,
      List<io.envoyproxy.envoy.config.route.v3.Route> routes) {
    if (r.rateLimit().isEmpty()) {
      return routes;
    }
    io.envoyproxy.envoy.config.route.v3.RateLimit descriptor = io.envoyproxy.envoy.config.route.v3.RateLimit.newBuilder()
        .addActions(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.newBuilder()
            .setGenericKey(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.GenericKey.newBuilder()
                .setDescriptorValue(id(r))))
        .addActions(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.newBuilder()
            .setRemoteAddress(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.RemoteAddress.getDefaultInstance()))
        .build();
    return routes.stream().map(route -> {
      if (!route.hasRoute()) {
        return route;
      }
      io.envoyproxy.envoy.config.route.v3.Route.Builder b = route.toBuilder();
      b.getRouteBuilder().addRateLimits(descriptor);
      return b.build();
    }).toList();
  }

  /** The route's descriptor value: its Ingress and field, unique among routes. */
  static String id(Route r) {
    return r.origin().ingress() + " " + r.origin().field();
  }
}
