package dev.ingressc.ir;

import java.util.List;

/**
 * A set of servers that carries traffic for one backend.
 *
 * @param name a stable, unique name, e.g. {@code default/web:80}; emitters derive their own
 *     identifiers from it through their escaping function
 * @param kind how the endpoints are to be reached
 * @param endpoints sorted; for {@link UpstreamKind#DNS} a single host name and port; empty for
 *     {@link UpstreamKind#UNAVAILABLE}
 * @param loadBalancing how requests spread over the endpoints
 * @param protocol how the proxy speaks to the endpoints
 * @param reason why the upstream is unavailable, or empty
 */
public record Upstream(
    String name,
    UpstreamKind kind,
    List<Endpoint> endpoints,
    LoadBalancing loadBalancing,
    BackendProtocol protocol,
    String reason) {

  public Upstream {
    endpoints = List.copyOf(endpoints);
  }

  /** True when a request routed here gets 503 because nothing can serve it. */
  public boolean unavailable() {
    return kind == UpstreamKind.UNAVAILABLE;
  }
}
