package dev.ingressc.route;

import java.util.Optional;

/**
 * A request to route.
 *
 * @param host the Host header as sent (any case, maybe with a port)
 * @param path the request target's path, maybe with a query string
 * @param sni the TLS server name for an HTTPS request; empty for plain HTTP
 * @param httpsPort the port https redirects point at (443 is left out of the Location)
 */
public record RouteRequest(String host, String path, Optional<String> sni, int httpsPort) {

  public static RouteRequest http(String host, String path) {
    return new RouteRequest(host, path, Optional.empty(), 443);
  }

  public static RouteRequest https(String host, String path, String sni) {
    return new RouteRequest(host, path, Optional.of(sni), 443);
  }

  public boolean isHttps() {
    return sni.isPresent();
  }
}
