package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.Canary;
import dev.ingressc.ir.Route;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A route with a canary in Envoy (SEMANTICS.md, Canaries): routes in precedence order, each with
 * the rule's own match plus header matchers (first match wins): the header's routes, the Cookie
 * header's, then the weight's route, a {@code weighted_clusters} split when the weight splits
 * (weights {@code TOTAL - WEIGHT} and {@code WEIGHT}, whose sum Envoy takes as the total).
 */
final class EnvoyCanaryRoutes {
  /** The runtime keys of weight routes; no runtime layer sets them, so their default applies. */
  static final String RUNTIME_KEY_PREFIX = "ingressc.canary.";

  private EnvoyCanaryRoutes() {}

  /**
   * The routes for {@code r} matched by {@code match}, named from {@code name}; {@code toBackend}
   * makes a route to a backend (a cluster, or 503 when it has no endpoints).
   */
  static List<io.envoyproxy.envoy.config.route.v3.Route> expand(Route r, RouteMatch match, String name,
      BiFunction<Backend, RouteMatch, io.envoyproxy.envoy.config.route.v3.Route.Builder> toBackend,
      java.util.function.Function<Backend, String> clusterOf) {
    List<io.envoyproxy.envoy.config.route.v3.Route> out = new ArrayList<>();
    if (r.canary().isEmpty()) {
      out.add(toBackend.apply(r.backend(), match).setName(name).build());
      return out;
    }
    Canary c = r.canary().get();
    if (c.header().isPresent()) {
      Canary.HeaderRule h = c.header().get();
      if (h.value().isPresent()) {
        out.add(to(toBackend, c.backend(), match, header(h.name(), exact(h.value().get())), name + " (canary by header)"));
      } else if (h.pattern().isPresent()) {
        // ingress-nginx searches the value (unanchored); an RE2 full match needs .* around it.
        out.add(to(toBackend, c.backend(), match, header(h.name(), regex(".*(?:" + h.pattern().get() + ").*")),
            name + " (canary by header)"));
      } else {
        out.add(to(toBackend, c.backend(), match, header(h.name(), exact("always")), name + " (canary by header)"));
        out.add(to(toBackend, r.backend(), match, header(h.name(), exact("never")), name + " (main by header)"));
      }
    }
    if (c.cookie().isPresent()) {
      String n = c.cookie().get();
      out.add(to(toBackend, c.backend(), match, header("cookie", regex(Canary.cookieRegexFull(n, "always"))),
          name + " (canary by cookie)"));
      out.add(to(toBackend, r.backend(), match, header("cookie", regex(Canary.cookieRegexFull(n, "never"))),
          name + " (main by cookie)"));
    }
    if (!c.split()) {
      Backend b = c.weight() == c.weightTotal() && c.weight() > 0 ? c.backend() : r.backend();
      out.add(toBackend.apply(b, match).setName(name).build());
      return out;
    }
    String main = clusterOf.apply(r.backend());
    String canary = clusterOf.apply(c.backend());
    if (main == null || canary == null) {
      // A side without endpoints has no cluster to weigh (its answer is a direct 503): the canary's
      // share of requests takes a route of its own by runtime_fraction, in millionths.
      long millionths = Math.round(1_000_000.0 * c.weight() / c.weightTotal());
      RouteMatch sampled = match.toBuilder().setRuntimeFraction(RuntimeFractionalPercent.newBuilder()
          .setRuntimeKey(RUNTIME_KEY_PREFIX + name.replaceAll("[^A-Za-z0-9_]", "_"))
          .setDefaultValue(FractionalPercent.newBuilder().setNumerator((int) millionths)
              .setDenominator(FractionalPercent.DenominatorType.MILLION))).build();
      out.add(toBackend.apply(c.backend(), sampled).setName(name + " (canary by weight)").build());
      out.add(toBackend.apply(r.backend(), match).setName(name).build());
      return out;
    }
    io.envoyproxy.envoy.config.route.v3.Route.Builder weighted = toBackend.apply(r.backend(), match).setName(name);
    RouteAction.Builder action = weighted.getRouteBuilder().clearCluster().setWeightedClusters(WeightedCluster.newBuilder()
        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(main)
            .setWeight(ProtoValues.uint32(c.weightTotal() - c.weight())))
        .addClusters(WeightedCluster.ClusterWeight.newBuilder().setName(canary)
            .setWeight(ProtoValues.uint32(c.weight()))));
    out.add(weighted.setRoute(action).build());
    return out;
  }

  private static io.envoyproxy.envoy.config.route.v3.Route to(
      BiFunction<Backend, RouteMatch, io.envoyproxy.envoy.config.route.v3.Route.Builder> toBackend, Backend b,
      RouteMatch match, HeaderMatcher h, String name) {
    return toBackend.apply(b, match.toBuilder().addHeaders(h).build()).setName(name).build();
  }

  private static HeaderMatcher header(String name, StringMatcher m) {
    return HeaderMatcher.newBuilder().setName(name.toLowerCase(java.util.Locale.ROOT)).setStringMatch(m).build();
  }

  private static StringMatcher exact(String v) {
    return StringMatcher.newBuilder().setExact(v).build();
  }

  private static StringMatcher regex(String re) {
    return StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex(re)).build();
  }
}
