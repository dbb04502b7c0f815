package dev.ingressc.emit.envoy;

import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * One cluster per upstream: how to reach it (STATIC or STRICT_DNS), how to spread load, and how to
 * speak to it: HTTP/1.1, or HTTP/2 for gRPC, in plaintext or over TLS (the backend protocol).
 */
final class ClusterBuilder {
  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private ClusterBuilder() {}

  /** The same for every HTTP/1.1 cluster: packed once. */
  static final com.google.protobuf.Any HTTP1_ONLY = ProtoValues.any(HttpProtocolOptions.newBuilder()
      .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()))
      .build());
  /** The same for every gRPC cluster. */
  private static final com.google.protobuf.Any HTTP2_ONLY = ProtoValues.any(HttpProtocolOptions.newBuilder()
      .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
      .build());

  /**
   * TLS to the backend, as ingress-nginx: no validation context (the certificate is not
   * verified) and no SNI; for gRPC, ALPN offers h2.
   */
  private static TransportSocket upstreamTls(BackendProtocol p) {
    CommonTlsContext.Builder common = CommonTlsContext.newBuilder();
    if (p.http2()) {
      common.addAlpnProtocols("h2");
    }
    UpstreamTlsContext context = UpstreamTlsContext.newBuilder().setCommonTlsContext(common).build();
    return TransportSocket.newBuilder().setName(ListenerBuilder.TLS_TRANSPORT).setTypedConfig(ProtoValues.any(context))
        .build();
  }

  /** The cluster without endpoints; {@link #loadAssignment} holds them under the same name. */
  static Cluster cluster(Upstream u, String name, com.google.protobuf.Duration connectTimeout) {
    if (u.kind() == UpstreamKind.UNAVAILABLE) {
      throw new IllegalArgumentException("an unavailable upstream has no cluster: " + u.name());
    }
    Cluster.Builder c = Cluster.newBuilder()
        .setName(name)
        .setType(u.kind() == UpstreamKind.DNS ? Cluster.DiscoveryType.STRICT_DNS : Cluster.DiscoveryType.STATIC)
        .setConnectTimeout(connectTimeout)
        .setLbPolicy(EnvoyAffinity.lbPolicy(u))
        // Explicit HTTP/1.1 to the backend (HTTP/2 for gRPC), whatever the client spoke.
        .putTypedExtensionProtocolOptions(HTTP_PROTOCOL_OPTIONS, u.protocol().http2() ? HTTP2_ONLY : HTTP1_ONLY);
    if (u.protocol().tls()) {
      c.setTransportSocket(upstreamTls(u.protocol()));
    }
    if (u.kind() == UpstreamKind.DNS) {
      // Cluster DNS answers A records; AUTO would prefer AAAA and fail on IPv4-only clusters.
      c.setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED);
    }
    return c.build();
  }

  /** A STATIC cluster turned into an EDS one: same settings, endpoints from {@code edsConfig} under its own name. */
  static Cluster eds(Cluster staticCluster, io.envoyproxy.envoy.config.core.v3.ConfigSource edsConfig) {
    return staticCluster.toBuilder()
        .setType(Cluster.DiscoveryType.EDS)
        .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder().setEdsConfig(edsConfig))
        .build();
  }

  static ClusterLoadAssignment loadAssignment(java.util.List<Endpoint> endpoints, String name) {
    LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
    for (Endpoint e : endpoints) {
      locality.addLbEndpoints(LbEndpoint.newBuilder().setEndpoint(
          io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder().setAddress(Address.newBuilder()
              .setSocketAddress(SocketAddress.newBuilder().setAddress(e.address()).setPortValue(e.port())))));
    }
    return ClusterLoadAssignment.newBuilder()
        .setClusterName(name)
        .addEndpoints(locality)
        .build();
  }

  static Cluster.LbPolicy lbPolicy(LoadBalancing lb) {
    return switch (lb) {
      case ROUND_ROBIN -> Cluster.LbPolicy.ROUND_ROBIN;
      case LEAST_CONNECTIONS -> Cluster.LbPolicy.LEAST_REQUEST;
      case RANDOM -> Cluster.LbPolicy.RANDOM;
      // The ring is keyed by the route's hash policy: the client's source IP (see RouteTableBuilder).
      case CLIENT_IP_HASH -> Cluster.LbPolicy.RING_HASH;
    };
  }
}
