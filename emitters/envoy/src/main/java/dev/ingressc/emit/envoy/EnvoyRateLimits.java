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
 *
 * <p>A rule whose limit exempts clients (limit-whitelist) puts a third entry between the two:
 * {@value #EXEMPT_KEY}, from the RBAC filter's dynamic metadata ({@code metadata} action, source
 * DYNAMIC, {@link EnvoySourceRanges#SHADOW_RESULT} in its namespace), which its shadow rules set to
 * {@code allowed} for an exempt client and {@code denied} for any other (EnvoySourceRanges); should it
 * be absent, the action's default {@code denied} applies, so a client is never exempted by mistake.
 * The configured descriptor requires {@code denied}: an exempt client's descriptor matches none
 * (entries compare in order, key by key, a value equal or the configured one empty), so it meets
 * the default bucket, never limited nor counted.
 */
final class EnvoyRateLimits {
  static final String FILTER = "envoy.filters.http.local_ratelimit";
  static final String ROUTE_KEY = "generic_key";
  static final String CLIENT_KEY = "remote_address";
  /** The descriptor key of whether the client is exempt, by the RBAC shadow rules' result. */
  static final String EXEMPT_KEY = "limit_whitelist";
  /** The shadow rules' result for a client in no exempt range: the only one limited. */
  static final String NOT_EXEMPT = "denied";
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
    limited.forEach((id, l) -> {
      LocalRateLimitDescriptor.Builder d = LocalRateLimitDescriptor.newBuilder().addEntries(entry(ROUTE_KEY, id));
      if (!l.exempt().isEmpty()) {
        d.addEntries(entry(EXEMPT_KEY, NOT_EXEMPT));
      }
      b.addDescriptors(d.addEntries(entry(CLIENT_KEY, "")).setTokenBucket(bucket(l)));
    });
    return Optional.of(HttpFilter.newBuilder().setName(FILTER).setTypedConfig(ProtoValues.any(b.build())).build());
  }

  private static io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry entry(String key,
      String value) {
    return io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry.newBuilder().setKey(key)
        .setValue(value).build();
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
    io.envoyproxy.envoy.config.route.v3.RateLimit.Builder actions = io.envoyproxy.envoy.config.route.v3.RateLimit
        .newBuilder()
        .addActions(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.newBuilder()
            .setGenericKey(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.GenericKey.newBuilder()
                .setDescriptorValue(id(r))));
    if (!r.rateLimit().get().exempt().isEmpty()) {
      actions.addActions(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.newBuilder()
          .setMetadata(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.MetaData.newBuilder()
              .setDescriptorKey(EXEMPT_KEY)
              .setMetadataKey(io.envoyproxy.envoy.type.metadata.v3.MetadataKey.newBuilder()
                  .setKey(EnvoySourceRanges.RBAC_FILTER)
                  .addPath(io.envoyproxy.envoy.type.metadata.v3.MetadataKey.PathSegment.newBuilder()
                      .setKey(EnvoySourceRanges.SHADOW_RESULT)))
              .setSource(io.envoyproxy.envoy.config.route.v3.RateLimit.Action.MetaData.Source.DYNAMIC)
              .setDefaultValue(NOT_EXEMPT)));
    }
    io.envoyproxy.envoy.config.route.v3.RateLimit descriptor = actions
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
