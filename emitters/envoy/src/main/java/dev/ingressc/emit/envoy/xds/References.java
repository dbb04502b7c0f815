package dev.ingressc.emit.envoy.xds;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ingressc.emit.envoy.EnvoyResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What Envoy would wait for forever: a name one resource refers to over ADS that the snapshot does
 * not hold. EDS clusters and load assignments must match one to one; every route table a
 * connection manager names and every secret a TLS context names must exist. (java-control-plane's
 * own {@code ensureConsistent} only knows the connection manager's deprecated filter name.)
 */
final class References {
  private References() {}

  static Optional<String> check(EnvoyResources res) {
    Set<String> eds = res.clusters().stream().filter(c -> c.getType() == Cluster.DiscoveryType.EDS)
        .map(c -> c.getEdsClusterConfig().getServiceName().isEmpty() ? c.getName()
            : c.getEdsClusterConfig().getServiceName())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> cla = res.loadAssignments().stream().map(ClusterLoadAssignment::getClusterName)
        .collect(Collectors.toCollection(TreeSet::new));
    if (!eds.equals(cla)) {
      return Optional.of("EDS clusters " + eds + " but load assignments " + cla);
    }
    Set<String> routes = res.routeConfigurations().stream().map(RouteConfiguration::getName).collect(Collectors.toSet());
    Set<String> secrets = res.secrets().stream().map(Secret::getName).collect(Collectors.toSet());
    for (Listener l : res.listeners()) {
      List<FilterChain> chains = new ArrayList<>(l.getFilterChainsList());
      if (l.hasDefaultFilterChain()) {
        chains.add(l.getDefaultFilterChain());
      }
      for (FilterChain c : chains) {
        try {
          for (Filter f : c.getFiltersList()) {
            if (f.getTypedConfig().is(HttpConnectionManager.class)) {
              HttpConnectionManager hcm = f.getTypedConfig().unpack(HttpConnectionManager.class);
              if (hcm.hasRds() && !routes.contains(hcm.getRds().getRouteConfigName())) {
                return Optional.of("listener " + l.getName() + " names route table "
                    + hcm.getRds().getRouteConfigName() + ", which is not in the snapshot");
              }
            }
          }
          if (c.hasTransportSocket() && c.getTransportSocket().getTypedConfig().is(DownstreamTlsContext.class)) {
            DownstreamTlsContext tls = c.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
            for (SdsSecretConfig s : tls.getCommonTlsContext().getTlsCertificateSdsSecretConfigsList()) {
              if (!secrets.contains(s.getName())) {
                return Optional.of("listener " + l.getName() + " names secret " + s.getName()
                    + ", which is not in the snapshot");
              }
            }
          }
        } catch (InvalidProtocolBufferException e) {
          return Optional.of("listener " + l.getName() + ": a typed_config does not parse");
        }
      }
    }
    return Optional.empty();
  }
}
