package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.Canary;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The routes with a canary (SEMANTICS.md, Canaries): the route maps give such a route a token
 * instead of a backend, and the frontend turns the token into one of its two backends, by header,
 * then cookie, then {@code rand(TOTAL) lt WEIGHT} (the same odds as ingress-nginx's
 * {@code math.random(TOTAL) <= WEIGHT}).
 */
final class HaproxyCanaries {
  static final String TOKEN_PREFIX = "ingressc_canary_";

  private final Map<Route, String> tokens = new IdentityHashMap<>();
  private final List<HaproxyView.CanaryView> views = new ArrayList<>();

  /** {@code backendOf} names the backend of a route's (or its canary's) backend under the route's settings. */
  HaproxyCanaries(IngressIR ir, BiFunction<Route, Canary.Side, String> backendOf) {
    for (VirtualHost v : ir.virtualHosts()) {
      for (Route r : v.routes()) {
        if (r.canary().isEmpty()) {
          continue;
        }
        String token = TOKEN_PREFIX + (views.size() + 1);
        tokens.put(r, token);
        views.add(view(token, r, r.canary().get(), backendOf));
      }
    }
  }

  /** The value the route maps give {@code r}: its token, or {@code backend} when it has no canary. */
  String mapValue(Route r, String backend) {
    return tokens.getOrDefault(r, backend);
  }

  List<HaproxyView.CanaryView> views() {
    return List.copyOf(views);
  }

  private static HaproxyView.CanaryView view(String token, Route r, Canary c,
      BiFunction<Route, Canary.Side, String> backendOf) {
    String header = null;
    String headerEquals = null;
    String headerFinds = null;
    String headerNever = null;
    if (c.header().isPresent()) {
      Canary.HeaderRule h = c.header().get();
      header = h.name();
      if (h.value().isPresent()) {
        headerEquals = h.value().get();
      } else if (h.pattern().isPresent()) {
        headerFinds = h.pattern().get();
      } else {
        headerEquals = "always";
        headerNever = "never";
      }
    }
    String cookieAlways = c.cookie().map(n -> Canary.cookieRegex(n, "always")).orElse(null);
    String cookieNever = c.cookie().map(n -> Canary.cookieRegex(n, "never")).orElse(null);
    String comment = r.origin().ingress() + " " + r.origin().field() + ": canary " + c.backend().ref().display()
        + " (Ingress " + c.backend().origin().ingress() + "), weight " + c.weight() + " of " + c.weightTotal();
    return new HaproxyView.CanaryView(token, token.replace(TOKEN_PREFIX, "ingressc_is_canary_"), comment,
        backendOf.apply(r, Canary.Side.CANARY), backendOf.apply(r, Canary.Side.MAIN), header, headerEquals, headerFinds,
        headerNever, cookieAlways, cookieNever, c.weight(), c.weightTotal());
  }
}
