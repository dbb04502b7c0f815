package dev.ingressc.ir;

import java.time.Duration;

/**
 * ingress-nginx's {@code limit-rps} or {@code limit-rpm} with {@code limit-burst-multiplier} on one
 * route (SEMANTICS.md, Rate limits): per client address (SEMANTICS.md, Client address), per proxy instance, a
 * leaky bucket of {@code burst} requests that drains one request every {@link #interval}: a new
 * client may send {@code burst + 1} requests at once, then one per interval; a request beyond that
 * gets 503 without reaching the backend.
 *
 * @param requests how many requests per {@code perMinute ? minute : second}, at least 1
 * @param perMinute whether {@code requests} counts per minute (limit-rpm) rather than per second (limit-rps)
 * @param burst the requests a client may send beyond the rate at once: {@code requests} times the
 *     burst multiplier (ingress-nginx's nginx {@code burst=}); at least 0
 * @param exempt ingress-nginx's {@code limit-whitelist}: client addresses in these ranges are never
 *     limited (nor counted), in canonical form, sorted; empty: none
 */
public record RateLimit(long requests, boolean perMinute, long burst, java.util.List<SourceRanges.Cidr> exempt) {
  /** The status of a request beyond the limit, ingress-nginx's default limit-req-status-code. */
  public static final int STATUS = 503;

  public RateLimit {
    if (requests < 1 || burst < 0) {
      throw new IllegalArgumentException("a rate limit needs a rate of at least 1 and a burst of at least 0");
    }
    exempt = java.util.List.copyOf(exempt);
  }

  /** A limit that exempts no client. */
  public RateLimit(long requests, boolean perMinute, long burst) {
    this(requests, perMinute, burst, java.util.List.of());
  }

  /** Whether {@code client} is exempt from the limit (limit-whitelist). */
  public boolean exempts(java.net.InetAddress client) {
    return exempt.stream().anyMatch(c -> c.contains(client));
  }

  /** The time one request drains from the bucket. */
  public Duration interval() {
    return Duration.ofNanos((perMinute ? 60_000_000_000L : 1_000_000_000L) / requests);
  }

  /** How many requests a new client may send at once: the burst and the one the rate allows. */
  public long atOnce() {
    return burst + 1;
  }

  /** The rate as words, e.g. {@code 5 requests per second, burst 25}. */
  public String describe() {
    return requests + " request" + (requests == 1 ? "" : "s") + " per " + (perMinute ? "minute" : "second") + ", burst "
        + burst;
  }
}
