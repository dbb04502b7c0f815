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
 */
public record Probe(String host, String target, Optional<String> sni, boolean https, int repeat, Spread spread) {

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
    return (https ? "https" + sni.map(s -> " SNI " + s).orElse(" no SNI") : "http") + " Host " + host + " " + target
        + (repeat > 1 ? " x" + repeat : "");
  }
}
