package dev.ingressc.testkit.e2e;

import java.util.Optional;

/**
 * One request of a case, answered by the proxy and by the route oracle.
 *
 * @param host the Host header, sent as is
 * @param target the request target: path and query
 * @param sni the TLS server name for HTTPS; empty for plain HTTP
 * @param https whether to use TLS (with no SNI when {@code sni} is empty)
 * @param repeat how many times to send it
 * @param spread for repeated requests: how many distinct endpoints must answer
 * @param fields other header fields sent, name to value, each once (plain HTTP only)
 * @param source the loopback address the client connects from (plain HTTP only); empty: the system's choice, 127.0.0.1
 * @param method the request method (plain HTTP only; GET unless said)
 */
public record Probe(String host, String target, Optional<String> sni, boolean https, int repeat, Spread spread,
    java.util.Map<String, String> fields, Optional<String> source, String method) {

  public Probe {
    fields = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fields));
  }

  public Probe(String host, String target, Optional<String> sni, boolean https, int repeat, Spread spread,
      java.util.Map<String, String> fields, Optional<String> source) {
    this(host, target, sni, https, repeat, spread, fields, source, "GET");
  }

  /** A plain-HTTP request with {@code method} and {@code fields} besides Host. */
  public static Probe request(String method, String host, String target, java.util.Map<String, String> fields) {
    return new Probe(host, target, Optional.empty(), false, 1, Spread.ANY, fields, Optional.empty(), method);
  }

  /** The same probe from the client address {@code client}. */
  public Probe from(String client) {
    return new Probe(host, target, sni, https, repeat, spread, fields, Optional.of(client), method);
  }

  public Probe(String host, String target, Optional<String> sni, boolean https, int repeat, Spread spread,
      java.util.Map<String, String> fields) {
    this(host, target, sni, https, repeat, spread, fields, Optional.empty());
  }

  /** A plain-HTTP GET from the client address {@code source} (127.0.0.2, say), with {@code fields}. */
  public static Probe httpFrom(String source, String host, String target, java.util.Map<String, String> fields) {
    return new Probe(host, target, Optional.empty(), false, 1, Spread.ANY, fields, Optional.of(source));
  }

  /** The client address the proxy sees. */
  public String clientAddress() {
    return source.orElse("127.0.0.1");
  }

  public Probe(String host, String target, Optional<String> sni, boolean https, int repeat, Spread spread) {
    this(host, target, sni, https, repeat, spread, java.util.Map.of());
  }

  /** A plain-HTTP GET with {@code fields} besides Host (e.g. a canary's header, a Cookie). */
  public static Probe httpWith(String host, String target, java.util.Map<String, String> fields) {
    return new Probe(host, target, Optional.empty(), false, 1, Spread.ANY, fields);
  }

  public enum Spread {
    /** Whatever the balancing, each request is compared with the oracle. */
    ANY,
    /** Every endpoint of the upstream answers at least once. */
    ALL,
    /** One endpoint answers every time (client-IP hash). */
    ONE
  }

  public static Probe http(String host, String target) {
    return new Probe(host, target, Optional.empty(), false, 1, Spread.ANY);
  }

  public static Probe https(String sni, String host, String target) {
    return new Probe(host, target, Optional.of(sni), true, 1, Spread.ANY);
  }

  public static Probe httpsWithoutSni(String host, String target) {
    return new Probe(host, target, Optional.empty(), true, 1, Spread.ANY);
  }

  public static Probe spread(String host, String target, int repeat, Spread spread) {
    return new Probe(host, target, Optional.empty(), false, repeat, spread);
  }

  @Override
  public String toString() {
    return (method.equals("GET") ? "" : method + " ") + (https ? "https" + sni.map(s -> " SNI " + s).orElse(" no SNI")
        : "http") + " Host " + host + " " + target
        + (fields.isEmpty() ? "" : " " + fields) + source.map(s -> " from " + s).orElse("") + (repeat > 1 ? " x" + repeat : "");
  }
}
