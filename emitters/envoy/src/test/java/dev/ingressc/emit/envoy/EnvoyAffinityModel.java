package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Upstream;
import dev.ingressc.route.RouteAnswer;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import java.util.Optional;

/**
 * The interpreter's model of Envoy's cookie hash policy (SEMANTICS.md, Session affinity;
 * {@link EnvoyAffinity}), from Envoy's source: the router evaluates a route's hash policies only
 * when its cluster's load balancer hashes (ring hash or Maglev); a cookie policy hashes the request's
 * cookie of that name when present, else, with a {@code ttl}, generates a value and answers with
 * {@code Http::Utility::makeSetCookieValue}: {@code NAME="VALUE"}, {@code ; Max-Age=N} when the ttl
 * is not 0, {@code ; Path=P} when set, each attribute ({@code ; NAME=VALUE}, or {@code ; NAME} when
 * it has no value), then {@code ; HttpOnly}.
 */
final class EnvoyAffinityModel {
  /** What the value stands for here: Envoy hashes the connection's addresses and ports. */
  static final String GENERATED = "<generated>";

  /**
   * What decides the endpoint and what the answer sets: the cookie's value the request carries (no
   * Set-Cookie), or a generated one and its Set-Cookie.
   */
  record Sticky(String hashKey, Optional<String> setCookie) {}

  private EnvoyAffinityModel() {}

  /** Empty when the route hashes by no cookie, or its cluster does not hash. */
  static Optional<Sticky> of(EnvoyInterpreter.Answer a, EnvoyInterpreter.Request r) {
    if (a.route().isEmpty() || !a.route().get().hasRoute() || a.cluster().isEmpty()) {
      return Optional.empty();
    }
    Cluster.LbPolicy lb = a.cluster().get().getLbPolicy();
    if (lb != Cluster.LbPolicy.RING_HASH && lb != Cluster.LbPolicy.MAGLEV) {
      return Optional.empty();
    }
    for (RouteAction.HashPolicy h : a.route().get().getRoute().getHashPolicyList()) {
      if (!h.hasCookie()) {
        continue;
      }
      RouteAction.HashPolicy.Cookie c = h.getCookie();
      Optional<String> carried = cookie(r.headers().get("cookie"), c.getName());
      if (carried.isPresent()) {
        return Optional.of(new Sticky(carried.get(), Optional.empty()));
      }
      if (c.hasTtl()) {
        return Optional.of(new Sticky(GENERATED, Optional.of(setCookie(c, GENERATED))));
      }
    }
    return Optional.empty();
  }

  /** Envoy's {@code makeSetCookieValue} for a generated cookie. */
  static String setCookie(RouteAction.HashPolicy.Cookie c, String value) {
    StringBuilder sb = new StringBuilder(c.getName()).append("=\"").append(value).append('"');
    if (c.getTtl().getSeconds() != 0) {
      sb.append("; Max-Age=").append(c.getTtl().getSeconds());
    }
    if (!c.getPath().isEmpty()) {
      sb.append("; Path=").append(c.getPath());
    }
    for (RouteAction.HashPolicy.CookieAttribute at : c.getAttributesList()) {
      sb.append("; ").append(at.getName()).append(at.getValue().isEmpty() ? "" : "=" + at.getValue());
    }
    return sb.append("; HttpOnly").toString();
  }

  /** Envoy's {@code parseCookieValue}: the first cookie of that name, case-sensitive. */
  static Optional<String> cookie(String header, String name) {
    if (header == null) {
      return Optional.empty();
    }
    for (String pair : header.split(";")) {
      String p = pair.stripLeading();
      if (p.startsWith(name + "=")) {
        return Optional.of(p.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * Why Envoy's answer to a request without the cookie differs from the IR's, or empty: to an
   * upstream with affinity, Envoy must generate the cookie with every target's attributes.
   */
  static Optional<String> problem(RouteAnswer o, EnvoyInterpreter.Answer a, EnvoyInterpreter.Request r) {
    Optional<Affinity> affinity = o.upstream().flatMap(Upstream::affinity);
    if (o.status() != 200 || affinity.isEmpty() || cookie(r.headers().get("cookie"), affinity.get().cookieName())
        .isPresent()) {
      return Optional.empty();
    }
    Affinity s = affinity.get();
    String want = s.cookieName() + "=\"" + GENERATED + "\"" + s.attributes(s.cookiePath(o.route().orElse(null)),
        r.tls());
    Optional<String> got = of(a, r).flatMap(Sticky::setCookie);
    return got.equals(Optional.of(want)) ? Optional.empty()
        : Optional.of("Envoy sets " + got.orElse("no cookie") + "; the IR says " + want);
  }
}
