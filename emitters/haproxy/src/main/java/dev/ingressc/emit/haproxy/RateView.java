package dev.ingressc.emit.haproxy;

/**
 * A route's rate and connection limits ({@link HaproxyRateLimits}).
 *
 * @param table the stick-table backend counting the route's accepted requests by client address; null
 *     without a rate limit
 * @param atOnce the requests a client may send in one window
 * @param windowMs the window: the time {@code atOnce} requests drain at the route's rate
 * @param status the status of a request beyond them
 * @param exempt limit-whitelist's IPv4 ranges, a line's worth each: their clients are neither denied nor tracked
 * @param exempt6 its IPv6 ranges likewise, which count only for a client that is not IPv4 (as source ranges)
 * @param connTable the stick-table backend counting each client's requests in progress ({@code conn_cur}); null
 *     without a connection limit
 * @param connections how many a client may have in progress at once
 * @param connStatus the status of one more
 */
public record RateView(String table, long atOnce, long windowMs, int status, java.util.List<java.util.List<String>> exempt,
    java.util.List<java.util.List<String>> exempt6, String connTable, long connections, int connStatus) {

  /** Whether some client is exempt: then the deny and the tracking skip it. */
  public boolean exempting() {
    return !exempt.isEmpty() || !exempt6.isEmpty();
  }
}
