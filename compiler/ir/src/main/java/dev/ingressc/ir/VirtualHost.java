package dev.ingressc.ir;

import java.util.List;
import java.util.Optional;

/**
 * Every route for one host, in precedence order: the first route that matches a request path wins.
 *
 * @param host the lower-case host; {@code *.example.com} for a wildcard; empty for the catch-all
 * @param match how {@code host} is compared with a request's Host header
 * @param routes longest path first; on equal length Exact before Prefix; then by path
 * @param tls present when the host is served over HTTPS
 */
public record VirtualHost(String host, HostMatch match, List<Route> routes, Optional<HostTls> tls) {

  public VirtualHost {
    routes = List.copyOf(routes);
  }

  public boolean isCatchAll() {
    return match == HostMatch.ANY;
  }
}
