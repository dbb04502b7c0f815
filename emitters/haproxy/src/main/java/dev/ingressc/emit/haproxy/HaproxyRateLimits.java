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
 */
final class HaproxyRateLimits {
  private HaproxyRateLimits() {}

  static Optional<RateView> of(Route r) {
    return r.rateLimit().map(l -> new RateView(table(r), l.atOnce(), window(l), RateLimit.STATUS,
        HaproxySourceRanges.chunks(l.exempt(), false), HaproxySourceRanges.chunks(l.exempt(), true)));
  }

  /** The time {@code atOnce} requests drain at the route's rate, in whole milliseconds (at least 1). */
  static long window(RateLimit l) {
    return Math.max(1, l.interval().multipliedBy(l.atOnce()).toMillis());
  }

  private static String table(Route r) {
    return "ingressc_rate_" + BackendNames.hash(r.origin().ingress() + "\n" + r.origin().field() + "\n" + r.path());
  }
}
