package dev.ingressc.emit.haproxy;

import dev.ingressc.ir.RateLimit;
import dev.ingressc.ir.Route;
import java.util.Optional;

/**
 * A route's rate limit (SEMANTICS.md, Rate limits) in HAProxy, which has no leaky bucket: each
 * limited route has a stick table of its own ({@code ingressc_rate_} and a hash of the route), keyed
 * by client address, whose {@code http_req_rate} counts the requests let through over a window in
 * which the bucket drains {@code burst + 1} requests. The route's backend denies 503 when the
 * client's count has reached {@code burst + 1} ({@code src,table_http_req_rate}), then tracks the
 * request it lets through, so a new client gets {@code burst + 1} at once and then about one per
 * interval, as nginx's {@code limit_req ... nodelay}; rejected requests are not counted, as nginx
 * does not. HAProxy's rate is a frequency counter over the window, close to nginx's drain. A client
 * in limit-whitelist's ranges sets {@code txn.ingressc_rate_exempt} first and is neither denied nor
 * tracked (an IPv6 range counts only for a client that is not IPv4, as for source ranges).
 * limit-connections: a stick table per route storing {@code conn_cur}; the backend denies 503 when the
 * client already has that many requests in progress, then {@code track-sc1}s the one it lets through,
 * which counts until its stream ends (as nginx's limit_conn counts a request in progress).
 */
final class HaproxyRateLimits {
  private HaproxyRateLimits() {}

  static Optional<RateView> of(Route r) {
    if (r.rateLimit().isEmpty() && r.connectionLimit().isEmpty()) {
      return Optional.empty();
    }
    // Both limits name the same ranges (limit-whitelist), so one exempt variable serves both.
    var exempt = r.rateLimit().map(RateLimit::exempt)
        .orElseGet(() -> r.connectionLimit().get().exempt());
    Optional<RateLimit> l = r.rateLimit();
    return Optional.of(new RateView(l.map(x -> table(r)).orElse(null), l.map(RateLimit::atOnce).orElse(0L),
        l.map(HaproxyRateLimits::window).orElse(0L), RateLimit.STATUS, HaproxySourceRanges.chunks(exempt, false),
        HaproxySourceRanges.chunks(exempt, true), r.connectionLimit().map(c -> connTable(r)).orElse(null),
        r.connectionLimit().map(dev.ingressc.ir.ConnectionLimit::connections).orElse(0L),
        dev.ingressc.ir.ConnectionLimit.STATUS));
  }

  private static String connTable(Route r) {
    return "ingressc_conn_" + BackendNames.hash(r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path());
  }

  /** The time {@code atOnce} requests drain at the route's rate, in whole milliseconds (at least 1). */
  static long window(RateLimit l) {
    return Math.max(1, l.interval().multipliedBy(l.atOnce()).toMillis());
  }

  private static String table(Route r) {
    return "ingressc_rate_" + BackendNames.hash(r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path());
  }
}
