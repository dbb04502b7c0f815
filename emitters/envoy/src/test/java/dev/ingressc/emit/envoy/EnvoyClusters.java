package dev.ingressc.emit.envoy;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter's view of the bootstrap's static clusters: a route and a tcp_proxy both name
 * one, and a request reaches the endpoints of its load assignment, in order.
 */
final class EnvoyClusters {
  private EnvoyClusters() {}

  /** The static cluster {@code name}; {@code from} says who names it, for the error when none has it. */
  static Cluster named(Bootstrap bootstrap, String name, String from) {
    return bootstrap.getStaticResources().getClustersList().stream()
        .filter(x -> x.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(from + " to unknown cluster " + name));
  }

  /** The cluster's endpoints as {@code address:port}, in the load assignment's order. */
  static List<String> endpoints(Cluster c) {
    List<String> endpoints = new ArrayList<>();
    for (LocalityLbEndpoints l : c.getLoadAssignment().getEndpointsList()) {
      for (LbEndpoint e : l.getLbEndpointsList()) {
        SocketAddress a = e.getEndpoint().getAddress().getSocketAddress();
        endpoints.add(a.getAddress() + ":" + a.getPortValue());
      }
    }
    return endpoints;
  }
}
