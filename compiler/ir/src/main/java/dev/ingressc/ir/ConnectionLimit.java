package dev.ingressc.ir;

import java.util.List;

/**
 * ingress-nginx's {@code limit-connections} on one route (SEMANTICS.md, Rate limits): per client
 * address (the connection's), per proxy instance, at most {@code connections} requests of the route
 * in progress at once (nginx's {@code limit_conn}, which counts a request from its header's end to
 * its answer's); one more gets 503 without reaching the backend.
 *
 * @param connections how many at once, at least 1
 * @param exempt limit-whitelist's ranges (as for the rate limit): their clients are never limited
 */
public record ConnectionLimit(long connections, List<SourceRanges.Cidr> exempt) {
  /** The status of a request beyond the limit, ingress-nginx's default limit-conn-status-code. */
  public static final int STATUS = 503;

  public ConnectionLimit {
    if (connections < 1) {
      throw new IllegalArgumentException("a connection limit needs at least 1 connection");
    }
    exempt = List.copyOf(exempt);
  }

  /** Whether {@code client} is exempt from the limit (limit-whitelist). */
  public boolean exempts(java.net.InetAddress client) {
    return exempt.stream().anyMatch(c -> c.contains(client));
  }
}
