package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.Upstream;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteAction;

/**
 * Session affinity (SEMANTICS.md, Session affinity) in Envoy: a hash policy with cookie generation
 * on every route to an upstream with affinity, whose cluster is {@code RING_HASH} (the policy means
 * nothing to another). A request with the cookie is hashed by its value onto the ring: the same
 * value, the same endpoint while the endpoints stay; a request without it gets a cookie Envoy
 * generates from its connection's addresses and ports, with {@code ttl} the Max-Age (0: a session
 * cookie), {@code path} and {@code attributes} SameSite and Secure (over TLS: the HTTPS listener's
 * routes, or when set), HttpOnly always: {@code NAME="VALUE"; Max-Age=N; Path=P; SameSite=S; Secure;
 * HttpOnly}, the attributes of every target ({@link Affinity#attributes}). Consistent hashing is
 * ingress-nginx's balanced mode: adding or removing endpoints may move some clients.
 */
final class EnvoyAffinity {
  private EnvoyAffinity() {}

  /** The cluster's policy: a ring for the cookie's hash when the upstream has affinity. */
  static Cluster.LbPolicy lbPolicy(Upstream u) {
    return u.affinity().isPresent() ? Cluster.LbPolicy.RING_HASH : ClusterBuilder.lbPolicy(u.loadBalancing());
  }

  /**
   * Adds the cookie hash policy to {@code action} for a route to {@code u} ({@code route} null: the
   * default backend), over TLS when {@code tls}; nothing without affinity. It is the action's only
   * policy: a client-IP hash would decide for a new client otherwise.
   */
  static boolean addHashPolicy(RouteAction.Builder action, Upstream u, Route route, boolean tls) {
    if (u.affinity().isEmpty()) {
      return false;
    }
    Affinity a = u.affinity().get();
    RouteAction.HashPolicy.Cookie.Builder cookie = RouteAction.HashPolicy.Cookie.newBuilder()
        .setName(a.cookieName())
        .setTtl(ProtoValues.duration(java.time.Duration.ofSeconds(a.maxAge().orElse(0L))))
        .setPath(a.cookiePath(route));
    a.sameSite().ifPresent(s -> cookie.addAttributes(attribute("SameSite", s.spelling())));
    if (a.secureOver(tls)) {
      cookie.addAttributes(attribute("Secure", ""));
    }
    action.addHashPolicy(RouteAction.HashPolicy.newBuilder().setCookie(cookie));
    return true;
  }

  private static RouteAction.HashPolicy.CookieAttribute attribute(String name, String value) {
    return RouteAction.HashPolicy.CookieAttribute.newBuilder().setName(name).setValue(value).build();
  }
}
