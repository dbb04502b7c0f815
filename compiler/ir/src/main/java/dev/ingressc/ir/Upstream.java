package dev.ingressc.ir;

import java.time.Duration;

/**
 * A set of servers that carries traffic for one backend.
 *
 * @param name a stable, unique name, e.g. {@code default/web:80}; emitters derive their own
 *     identifiers from it through their escaping function
 * @param kind how the endpoints are to be reached; the endpoints themselves are not routing: they
 *     are in the compile's {@link EndpointTable} (for {@link UpstreamKind#DNS} a single host name
 *     and port; none for {@link UpstreamKind#UNAVAILABLE})
 * @param loadBalancing how requests spread over the endpoints
 * @param protocol how the proxy speaks to the endpoints
 * @param reason why the upstream is unavailable, or empty
 * @param connectTimeout how long to wait for a connection to an endpoint, for a target that sets it
 *     per upstream (Envoy's cluster): the longest of the routes naming it, so that no route gives
 *     up sooner than it asked; the defaults' for a default backend
 * @param affinity the session affinity of every route to it (SEMANTICS.md, Session affinity); empty: none
 */
public record Upstream(
    String name,
    UpstreamKind kind,
    LoadBalancing loadBalancing,
    BackendProtocol protocol,
    String reason,
    Duration connectTimeout,
    java.util.Optional<Affinity> affinity) {

  /** An upstream without session affinity. */
  public Upstream(String name, UpstreamKind kind, LoadBalancing loadBalancing, BackendProtocol protocol, String reason,
      Duration connectTimeout) {
    this(name, kind, loadBalancing, protocol, reason, connectTimeout, java.util.Optional.empty());
  }

  /** An upstream with the default connect timeout. */
  public Upstream(String name, UpstreamKind kind, LoadBalancing loadBalancing, BackendProtocol protocol,
      String reason) {
    this(name, kind, loadBalancing, protocol, reason, RouteSettings.DEFAULTS.connectTimeout());
  }

  /** This upstream with another connect timeout (itself when it is the same). */
  public Upstream withConnectTimeout(Duration timeout) {
    return timeout.equals(connectTimeout) ? this
        : new Upstream(name, kind, loadBalancing, protocol, reason, timeout, affinity);
  }

  /** This upstream with {@code a} as its session affinity (itself when it is the same). */
  public Upstream withAffinity(java.util.Optional<Affinity> a) {
    return a.equals(affinity) ? this : new Upstream(name, kind, loadBalancing, protocol, reason, connectTimeout, a);
  }

  /** True when a request routed here gets 503 because nothing can serve it. */
  public boolean unavailable() {
    return kind == UpstreamKind.UNAVAILABLE;
  }
}
