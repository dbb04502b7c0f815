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
 * @param source the connection's address (the client's, unless it is a trusted proxy whose
 *     X-Forwarded-For names another); empty when not known, so source ranges (SEMANTICS.md) cannot
 *     be decided and are only explained
 * @param method the request method as sent, case and all (GET unless said); a CORS route answers an
 *     allowed OPTIONS itself (SEMANTICS.md, CORS)
 * @param authStatus what an external auth service would answer this request (0: not known, so its
 *     decision is only explained; SEMANTICS.md, External auth)
 */
public record RouteRequest(String host, String path, Optional<String> sni, int httpsPort,
    java.util.Map<String, String> headers, Optional<java.net.InetAddress> source, String method, int authStatus) {

  public RouteRequest {
    if (!method.matches("[A-Za-z]{1,20}")) {
      throw new IllegalArgumentException(method + " is not a method name");
    }
    java.util.Map<String, String> lower = new java.util.TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v.replaceAll("^[ \t]+|[ \t]+$", "")));
    headers = java.util.Collections.unmodifiableMap(lower);
    if (authStatus != 0 && (authStatus < 100 || authStatus > 599)) {
      throw new IllegalArgumentException(authStatus + " is not an HTTP status");
    }
  }

  public RouteRequest(String host, String path, Optional<String> sni, int httpsPort,
      java.util.Map<String, String> headers, Optional<java.net.InetAddress> source, String method) {
    this(host, path, sni, httpsPort, headers, source, method, 0);
  }

  public RouteRequest(String host, String path, Optional<String> sni, int httpsPort,
      java.util.Map<String, String> headers, Optional<java.net.InetAddress> source) {
    this(host, path, sni, httpsPort, headers, source, "GET");
  }

  public RouteRequest(String host, String path, Optional<String> sni, int httpsPort,
      java.util.Map<String, String> headers) {
    this(host, path, sni, httpsPort, headers, Optional.empty());
  }

  public RouteRequest(String host, String path, Optional<String> sni, int httpsPort) {
    this(host, path, sni, httpsPort, java.util.Map.of());
  }

  /** The same request from the client address {@code literal}, an IPv4 or IPv6 literal (never a name to look up). */
  public RouteRequest withSource(String literal) {
    return new RouteRequest(host, path, sni, httpsPort, headers, Optional.of(address(literal)), method, authStatus);
  }

  /** The same request from the client address {@code a}. */
  public RouteRequest withSourceAddress(java.net.InetAddress a) {
    return new RouteRequest(host, path, sni, httpsPort, headers, Optional.of(a), method, authStatus);
  }

  /** {@code literal} as an address; an IllegalArgumentException when it is no IPv4 or IPv6 literal. */
  public static java.net.InetAddress address(String literal) {
    return dev.ingressc.ir.IpLiterals.parse(literal)
        .orElseThrow(() -> new IllegalArgumentException(literal + " is not an IPv4 or IPv6 address"));
  }

  /** The same request with {@code fields} (name to value) added. */
  public RouteRequest withHeaders(java.util.Map<String, String> fields) {
    java.util.Map<String, String> all = new java.util.TreeMap<>(headers);
    fields.forEach((k, v) -> all.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new RouteRequest(host, path, sni, httpsPort, all, source, method, authStatus);
  }

  /** The same request with {@code name} as its method (an IllegalArgumentException when it is no method name). */
  public RouteRequest withMethod(String name) {
    return new RouteRequest(host, path, sni, httpsPort, headers, source, name, authStatus);
  }

  /** The same request, which an external auth service would answer with {@code status}. */
  public RouteRequest withAuthStatus(int status) {
    return new RouteRequest(host, path, sni, httpsPort, headers, source, method, status);
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
