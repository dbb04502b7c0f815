package dev.ingressc.emit.nginx;

import dev.ingressc.emit.templating.EscapingOutputFormat.Markup;
import dev.ingressc.ir.ConnectionLimit;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.SourceRanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routes' rate and connection limits (SEMANTICS.md, Rate limits) as nginx applies them, with
 * ingress-nginx's directives: one {@code limit_req_zone} keyed by {@code $binary_remote_addr} per
 * rate-limited route (1 MB, some 8,000 client addresses, the least recently seen forgotten first),
 * and in each location of the route {@code limit_req zone=... burst=B nodelay}, so a client may send
 * B + 1 requests at once and then one per interval; the rest get {@code limit_req_status}, the IR's 503.
 * limit-connections likewise: a {@code limit_conn_zone} per route and {@code limit_conn zone N} with
 * {@code limit_conn_status}, counting a client's requests in progress. With limit-whitelist, as
 * ingress-nginx does it: a {@code geo} marks an exempt client and a {@code map} gives it an empty
 * key, which limit_req and limit_conn neither limit nor count. Both run in the preaccess phase,
 * after the rewrite phase's 204, 403 and 503.
 */
final class NginxRateLimits {
  private final Map<String, ConfigView.RateZone> zones = new TreeMap<>();
  private final Map<String, ConfigView.RateZone> connZones = new TreeMap<>();

  NginxRateLimits(IngressIR ir) {
    TreeMap<String, RateLimit> limited = new TreeMap<>();
    TreeMap<String, ConnectionLimit> connLimited = new TreeMap<>();
    ir.virtualHosts().forEach(v -> v.routes().forEach(r -> {
      r.rateLimit().ifPresent(l -> limited.put(key(r), l));
      r.connectionLimit().ifPresent(l -> connLimited.put(key(r), l));
    }));
    int n = 1;
    for (var e : limited.entrySet()) {
      RateLimit l = e.getValue();
      zones.put(e.getKey(), zone("rate", n++, l.requests() + (l.perMinute() ? "r/m" : "r/s"), l.exempt()));
    }
    n = 1;
    for (var e : connLimited.entrySet()) {
      connZones.put(e.getKey(), zone("conn", n++, null, e.getValue().exempt()));
    }
  }

  /** Zone {@code ingressc_KIND_N} ({@code rate} or {@code conn}); {@code rate} null for a connection zone. */
  private static ConfigView.RateZone zone(String kind, int n, String rate, List<SourceRanges.Cidr> exempt) {
    boolean exempting = !exempt.isEmpty();
    return new ConfigView.RateZone(markup("ingressc_" + kind + "_" + n), rate == null ? null : markup(rate),
        exempt.stream().map(Object::toString).toList(), exempting ? markup("$ingressc_" + kind + "_exempt_" + n) : null,
        markup(exempting ? "$ingressc_" + kind + "_key_" + n : "$binary_remote_addr"));
  }

  /** Each route counts apart (its locations and canary sides together): its Ingress, field and path. */
  private static String key(Route r) {
    return r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path();
  }

  /** The location's limits for {@code r}; null for a route without one. */
  ConfigView.RateLimitView of(Route r) {
    if (r.rateLimit().isEmpty() && r.connectionLimit().isEmpty()) {
      return null;
    }
    return new ConfigView.RateLimitView(r.rateLimit().map(l -> zones.get(key(r)).name()).orElse(null),
        r.rateLimit().map(RateLimit::burst).orElse(0L), RateLimit.STATUS,
        r.connectionLimit().map(l -> connZones.get(key(r)).name()).orElse(null),
        r.connectionLimit().map(ConnectionLimit::connections).orElse(0L), ConnectionLimit.STATUS);
  }

  /** The rate zones, then the connection zones. */
  List<ConfigView.RateZone> views() {
    List<ConfigView.RateZone> out = new ArrayList<>(zones.values());
    out.addAll(connZones.values());
    return List.copyOf(out);
  }

  private static Markup markup(String text) {
    return NginxOutputFormat.INSTANCE.markup(text);
  }
}
