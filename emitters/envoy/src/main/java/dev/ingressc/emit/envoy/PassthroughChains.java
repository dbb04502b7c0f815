package dev.ingressc.emit.envoy;

import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * ssl-passthrough (SEMANTICS.md, "TLS passthrough"): on the HTTPS listener, whose tls_inspector
 * reads the SNI, one filter chain per passed-through host ({@code server_names}: the host) with no
 * transport socket and a {@code tcp_proxy} to a raw TCP cluster of the host's upstream's
 * endpoints (no HTTP protocol options, no upstream TLS: the stream is passed as it comes; none:
 * the connection is closed). The other chains are unchanged.
 */
final class PassthroughChains {
  static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  static final String PREFIX = "passthrough_";

  final List<FilterChain> chains = new ArrayList<>();
  final List<Cluster> clusters = new ArrayList<>();
  final List<ClusterLoadAssignment> assignments = new ArrayList<>();

  private PassthroughChains() {}

  /** The hosts whose SNI is passed through: no certificate chain is made for them. */
  static Set<String> hosts(IngressIR ir) {
    Set<String> out = new java.util.HashSet<>();
    ir.passthroughHosts().forEach(v -> out.add(v.host()));
    return out;
  }

  /**
   * @param eds whether clusters take their endpoints over EDS ({@code edsConfig}), as the xDS form's
   *     static clusters do; null for the static form
   */
  static PassthroughChains of(IngressIR ir, EndpointTable endpoints, ConfigSource eds,
      Function<java.time.Duration, com.google.protobuf.Duration> duration) {
    PassthroughChains out = new PassthroughChains();
    Map<String, Upstream> upstreams = new TreeMap<>();
    for (VirtualHost v : ir.passthroughHosts()) {
      Upstream u = ir.upstream(v.passthrough().orElseThrow().backend().upstream()).orElseThrow();
      upstreams.put(u.name(), u);
      out.chains.add(FilterChain.newBuilder()
          .setName(PREFIX + EnvoyNames.filterChain(v.host()))
          .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(v.host()))
          .addFilters(Filter.newBuilder().setName(TCP_PROXY).setTypedConfig(ProtoValues.any(TcpProxy.newBuilder()
              .setStatPrefix(PREFIX + EnvoyNames.filterChain(v.host()))
              .setCluster(clusterName(u)).build())))
          .build());
    }
    for (Upstream u : upstreams.values()) {
      Cluster.Builder c = Cluster.newBuilder()
          .setName(clusterName(u))
          .setType(u.kind() == UpstreamKind.DNS ? Cluster.DiscoveryType.STRICT_DNS : Cluster.DiscoveryType.STATIC)
          .setConnectTimeout(duration.apply(u.connectTimeout()));
      ClusterLoadAssignment assignment = ClusterBuilder.loadAssignment(endpoints.of(u.name()), clusterName(u));
      // As the translator does for the other clusters: the static form pairs each cluster with its
      // assignment; the xDS form sends a static one's over EDS and keeps a DNS one's inline.
      if (eds == null) {
        out.clusters.add(c.build());
        out.assignments.add(assignment);
      } else if (u.kind() == UpstreamKind.DNS) {
        out.clusters.add(c.setLoadAssignment(assignment).build());
      } else {
        out.clusters.add(ClusterBuilder.eds(c.build(), eds));
        out.assignments.add(assignment);
      }
    }
    return out;
  }

  /** {@code https} with the passthrough chains added after its own. */
  Listener addTo(Listener https) {
    return chains.isEmpty() ? https : https.toBuilder().addAllFilterChains(chains).build();
  }

  static String clusterName(Upstream u) {
    return PREFIX + EnvoyNames.cluster(u.name());
  }
}
