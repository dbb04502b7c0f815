package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.ir.Route;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes' rate limits (SEMANTICS.md, Rate limits) as nginx applies them, with ingress-nginx's
 * directives: one {@code limit_req_zone} keyed by {@code $binary_remote_addr} per limited route
 * (1 MB, some 8,000 client addresses, the least recently seen forgotten first), and in each location
 * of the route {@code limit_req zone=... burst=B nodelay}, so a client may send
 * B + 1 requests at once and then one per interval; the rest get {@code limit_req_status}, the IR's 503.
 * With limit-whitelist, as ingress-nginx does it: a {@code geo} marks an exempt client and a
 * {@code map} gives it an empty key, which limit_req neither limits nor counts.
 * limit_req runs in the preaccess phase, after the rewrite phase's 403, 204 and 503.
 */
final class NginxRateLimits {
  private final Map<String, ConfigView.RateZone> zones = new TreeMap<>();

  NginxRateLimits(IngressIR ir) {
    TreeMap<String, RateLimit> limited = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> r.rateLimit().ifPresent(l -> limited.put(key(r), l))));
    int n = 1;
    for (var e : limited.entrySet()) {
      RateLimit l = e.getValue();
      int i = n++;
      boolean exempting = !l.exempt().isEmpty();
      zones.put(e.getKey(), new ConfigView.RateZone(markup("ingressc_rate_" + i),
          markup(l.requests() + (l.perMinute() ? "r/m" : "r/s")),
          l.exempt().stream().map(Object::toString).toList(),
          exempting ? markup("$ingressc_rate_exempt_" + i) : null,
          markup(exempting ? "$ingressc_rate_key_" + i : "$binary_remote_addr")));
    }
  }

  /** Each route counts apart (its locations and canary sides together): its Ingress, field and path. */
  private static String key(Route r) {
    return r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path();
  }

  /** The location's limit for {@code r}; null for a route without one. */
  ConfigView.RateLimitView of(Route r) {
    return r.rateLimit().map(l -> new ConfigView.RateLimitView(zones.get(key(r)).name(), l.burst(),
        RateLimit.STATUS)).orElse(null);
  }

  List<ConfigView.RateZone> views() {
    return List.copyOf(zones.values());
  }

  private static Markup markup(String text) {
    return NginxOutputFormat.INSTANCE.markup(text);
  }
}
