package dev.ingressc.emit.haproxy;

/**
 * A route's rate limit ({@link HaproxyRateLimits}).
 *
 * @param table the stick-table backend counting the route's accepted requests by client address
 * @param atOnce the requests a client may send in one window
 * @param windowMs the window: the time {@code atOnce} requests drain at the route's rate
 * @param status the status of a request beyond them
 */
public record RateView(String table, long atOnce, long windowMs, int status) {}
