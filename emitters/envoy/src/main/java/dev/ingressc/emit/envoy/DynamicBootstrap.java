package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The bootstrap of an Envoy that takes everything else from the sidecar's xDS server: its node,
 * one static cluster {@value #XDS_CLUSTER} (HTTP/2, gRPC) pointing at the server, and
 * {@code dynamic_resources} with one aggregated (ADS) stream from which listeners and clusters
 * come; route tables, endpoints and secrets are named by those and come over the same stream.
 * Admin is as in {@link StaticBootstrap}: a Unix socket in the runtime directory.
 */
public final class DynamicBootstrap {
  public static final String XDS_CLUSTER = "xds_cluster";
  public static final int DEFAULT_XDS_PORT = 18000;
  private static final int MAX_SOCKET_PATH = 100;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private DynamicBootstrap() {}

  /** Where the xDS server listens: a host (IP literal or DNS name) and a port. */
  public record XdsAddress(String host, int port) {
    public XdsAddress {
      if (host.isEmpty()) {
        throw new IllegalArgumentException("the xDS address has no host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(port + " is not a port number (1-65535)");
      }
    }

    /** {@code HOST}, {@code HOST:PORT}, {@code [V6]} or {@code [V6]:PORT}; the port defaults to {@value #DEFAULT_XDS_PORT}. */
    public static XdsAddress parse(String s) {
      String t = s.trim();
      String host;
      String port = null;
      if (t.startsWith("[")) {
        int end = t.indexOf(']');
        if (end < 0) {
          throw new IllegalArgumentException("unclosed [ in xDS address \"" + s + "\"");
        }
        host = t.substring(1, end);
        String rest = t.substring(end + 1);
        if (!rest.isEmpty()) {
          if (!rest.startsWith(":")) {
            throw new IllegalArgumentException("not HOST[:PORT]: \"" + s + "\"");
          }
          port = rest.substring(1);
        }
      } else {
        int colon = t.lastIndexOf(':');
        if (colon >= 0 && t.indexOf(':') != colon) {
          host = t; // a bare IPv6 literal
        } else if (colon >= 0) {
          host = t.substring(0, colon);
          port = t.substring(colon + 1);
        } else {
          host = t;
        }
      }
      int p;
      try {
        p = port == null ? DEFAULT_XDS_PORT : Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a port number: \"" + port + "\"");
      }
      return new XdsAddress(host, p);
    }

    /** An IP literal can be a STATIC endpoint; a name needs DNS. */
    boolean isIpLiteral() {
      return IPV4.matcher(host).matches() || host.contains(":");
    }
  }

  /**
   * @param xds the sidecar's xDS server
   * @param runtimeDir where the admin socket goes
   */
  public static Bootstrap build(XdsAddress xds, Path runtimeDir) {
    Any http2 = Any.pack(HttpProtocolOptions.newBuilder()
        .setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
            .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance()))
        .build());
    Cluster.Builder xdsCluster = Cluster.newBuilder()
        .setName(XDS_CLUSTER)
        // STATIC as asked for an IP; Envoy refuses a STATIC endpoint given by name, so a name is resolved.
        .setType(xds.isIpLiteral() ? Cluster.DiscoveryType.STATIC : Cluster.DiscoveryType.STRICT_DNS)
        .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(1))
        .putTypedExtensionProtocolOptions(ClusterBuilder.HTTP_PROTOCOL_OPTIONS, http2)
        .setLoadAssignment(ClusterLoadAssignment.newBuilder()
            .setClusterName(XDS_CLUSTER)
            .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder().setSocketAddress(
                    SocketAddress.newBuilder().setAddress(xds.host()).setPortValue(xds.port())))))));
    if (!xds.isIpLiteral()) {
      xdsCluster.setDnsLookupFamily(Cluster.DnsLookupFamily.V4_PREFERRED);
    }
    ConfigSource ads = ConfigSource.newBuilder()
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setResourceApiVersion(ApiVersion.V3)
        .build();
    Bootstrap.Builder b = Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId(StaticBootstrap.NODE).setCluster(StaticBootstrap.NODE))
        .setStaticResources(Bootstrap.StaticResources.newBuilder().addClusters(xdsCluster))
        .setDynamicResources(Bootstrap.DynamicResources.newBuilder()
            .setAdsConfig(ApiConfigSource.newBuilder()
                .setApiType(ApiConfigSource.ApiType.GRPC)
                .setTransportApiVersion(ApiVersion.V3)
                .addGrpcServices(GrpcService.newBuilder()
                    .setEnvoyGrpc(GrpcService.EnvoyGrpc.newBuilder().setClusterName(XDS_CLUSTER))))
            .setLdsConfig(ads)
            .setCdsConfig(ads))
        .setLayeredRuntime(BootstrapRuntime.layered());
    String adminSocket = runtimeDir.resolve("envoy-admin.sock").toString();
    if (adminSocket.length() <= MAX_SOCKET_PATH) {
      b.setAdmin(Admin.newBuilder().setAddress(Address.newBuilder().setPipe(Pipe.newBuilder().setPath(adminSocket))));
    }
    return b.build();
  }
}
