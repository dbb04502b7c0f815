package dev.ingressc.route;

import java.util.Optional;

/**
 * A request to route.
 *
 * @param host the Host header as sent (any case, maybe with a port)
 * @param path the request target's path, maybe with a query string
 * @param sni the TLS server name for an HTTPS request; empty for plain HTTP
 * @param httpsPort the port https redirects point at (443 is left out of the Location)
 * @param headers other request header fields, each sent once, keyed by lower-case name (a
 *     canary's header and the Cookie header choose between its backends); values lose their
 *     leading and trailing spaces and tabs, which HTTP does not count as part of a field's value
 */
public record RouteRequest(String host, String path, Optional<String> sni, int httpsPort,
    java.util.Map<String, String> headers) {

  public RouteRequest {
    java.util.Map<String, String> lower = new java.util.TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v.replaceAll("^[ \t]+|[ \t]+$", "")));
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  public RouteRequest(String host, String path, Optional<String> sni, int httpsPort) {
    this(host, path, sni, httpsPort, java.util.Map.of());
  }

  /** The same request with {@code fields} (name to value) added. */
  public RouteRequest withHeaders(java.util.Map<String, String> fields) {
    java.util.Map<String, String> all = new java.util.TreeMap<>(headers);
    fields.forEach((k, v) -> all.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new RouteRequest(host, path, sni, httpsPort, all);
  }

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
