package dev.ingressc.emit.envoy;

import dev.ingressc.emit.EmittedFile;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Everything Envoy needs for one IR, in the shape xDS serves it: listeners name their route tables
 * (RDS over ADS) and TLS secrets (SDS over ADS); clusters (STATIC or STRICT_DNS) carry no endpoints,
 * which are in the load assignment of the same name. The static bootstrap ({@link StaticBootstrap})
 * inlines the route table and the endpoints and refers to secrets by name; an xDS server either
 * inlines the endpoints too or turns the STATIC clusters into EDS ones. Both take this one value.
 *
 * @param listeners the HTTP listener, then the HTTPS listener if any certificate exists
 * @param routeConfigurations {@link EnvoyNames#HTTP} and, with HTTPS, {@link EnvoyNames#HTTPS}
 * @param clusters one per available upstream, sorted by name, without endpoints
 * @param loadAssignments the endpoints of each cluster, same names and order
 * @param secrets one per certificate, sorted by name; the key stays in a file
 * @param files the certificate and key files the secrets point at (keys are secret files)
 */
public record EnvoyResources(
    List<Listener> listeners,
    List<RouteConfiguration> routeConfigurations,
    List<Cluster> clusters,
    List<ClusterLoadAssignment> loadAssignments,
    List<Secret> secrets,
    List<EmittedFile> files) {

  public EnvoyResources {
    listeners = List.copyOf(listeners);
    routeConfigurations = List.copyOf(routeConfigurations);
    clusters = List.copyOf(clusters);
    loadAssignments = List.copyOf(loadAssignments);
    secrets = List.copyOf(secrets);
    files = List.copyOf(files);
  }

  public Optional<RouteConfiguration> routeConfiguration(String name) {
    return routeConfigurations.stream().filter(r -> r.getName().equals(name)).findFirst();
  }

  public Optional<ClusterLoadAssignment> loadAssignment(String clusterName) {
    return loadAssignments.stream().filter(a -> a.getClusterName().equals(clusterName)).findFirst();
  }
}
