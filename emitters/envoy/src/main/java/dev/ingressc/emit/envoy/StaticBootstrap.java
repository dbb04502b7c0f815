package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Admin;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.core.v3.PathConfigSource;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes an {@link EnvoyResources} set as a v3 bootstrap with everything under static_resources:
 * clusters get their load assignment inline, TLS contexts name static secrets, and the plain-HTTP
 * route table is inlined. The HTTPS route table is shared by every TLS filter chain, so it is read
 * once from a file beside the bootstrap (RDS from a path) instead of being copied into each chain.
 */
public final class StaticBootstrap {
  /** The node name; Envoy needs one for the file-based route table subscription. */
  public static final String NODE = "ingressc";
  /** Longest admin socket path that fits in sockaddr_un with room to spare. */
  private static final int MAX_SOCKET_PATH = 100;

  /**
   * A bootstrap and the route table file it reads.
   *
   * @param bootstrap the whole static configuration
   * @param httpsRoutes the HTTPS route table as a discovery response, when there is an HTTPS listener
   */
  public record Output(Bootstrap bootstrap, Optional<DiscoveryResponse> httpsRoutes) {}

  private StaticBootstrap() {}

  /** The name of the HTTPS route table file in the output directory. */
  public static String httpsRoutesFile(EnvoyJson.Format format) {
    return "routes-https." + format.extension();
  }

  public static Output build(EnvoyResources res, Path outputDir, Path runtimeDir, EnvoyJson.Format format) {
    Path httpsRoutesPath = outputDir.resolve(httpsRoutesFile(format));
    Bootstrap.StaticResources.Builder statics = Bootstrap.StaticResources.newBuilder();
    for (Listener l : res.listeners()) {
      statics.addListeners(localize(l, res, httpsRoutesPath));
    }
    // By name at once: a lookup per cluster in the list was quadratic (issue 19: most of a compile of
    // 50,000 upstreams).
    java.util.Map<String, io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment> assignments =
        new java.util.HashMap<>(res.loadAssignments().size() * 2);
    res.loadAssignments().forEach(a -> assignments.put(a.getClusterName(), a));
    for (Cluster c : res.clusters()) {
      statics.addClusters(c.toBuilder().setLoadAssignment(
          java.util.Objects.requireNonNull(assignments.get(c.getName()), c.getName())));
    }
    statics.addAllSecrets(res.secrets());

    Bootstrap.Builder b = Bootstrap.newBuilder()
        .setNode(Node.newBuilder().setId(NODE).setCluster(NODE))
        .setStaticResources(statics)
        .setLayeredRuntime(BootstrapRuntime.layered());
    String adminSocket = runtimeDir.resolve("envoy-admin.sock").toString();
    if (adminSocket.length() <= MAX_SOCKET_PATH) {
      // Admin on a Unix socket in the runtime directory: never on a network port.
      b.setAdmin(Admin.newBuilder().setAddress(Address.newBuilder().setPipe(Pipe.newBuilder().setPath(adminSocket))));
    }
    Optional<DiscoveryResponse> httpsRoutes = res.routeConfiguration(EnvoyNames.HTTPS).map(rc ->
        DiscoveryResponse.newBuilder()
            .setTypeUrl(typeUrl(RouteConfiguration.getDescriptor().getFullName()))
            .addResources(Any.pack(rc))
            .build());
    return new Output(b.build(), httpsRoutes);
  }

  private static Listener localize(Listener l, EnvoyResources res, Path httpsRoutesPath) {
    Listener.Builder out = l.toBuilder();
    for (FilterChain.Builder chain : out.getFilterChainsBuilderList()) {
      localize(chain, res, httpsRoutesPath);
    }
    if (out.hasDefaultFilterChain()) {
      localize(out.getDefaultFilterChainBuilder(), res, httpsRoutesPath);
    }
    return out.build();
  }

  private static void localize(FilterChain.Builder chain, EnvoyResources res, Path httpsRoutesPath) {
    for (Filter.Builder f : chain.getFiltersBuilderList()) {
      if (!f.getName().equals(ListenerBuilder.HCM)) {
        continue;
      }
      HttpConnectionManager.Builder hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class).toBuilder();
      String table = hcm.getRds().getRouteConfigName();
      if (table.equals(EnvoyNames.HTTPS)) {
        hcm.getRdsBuilder().setConfigSource(ConfigSource.newBuilder()
            .setPathConfigSource(PathConfigSource.newBuilder().setPath(httpsRoutesPath.toString()))
            .setResourceApiVersion(ApiVersion.V3));
      } else {
        hcm.setRouteConfig(res.routeConfiguration(table).orElseThrow());
      }
      f.setTypedConfig(Any.pack(hcm.build()));
    }
    if (chain.hasTransportSocket()) {
      DownstreamTlsContext.Builder tls =
          unpack(chain.getTransportSocket().getTypedConfig(), DownstreamTlsContext.class).toBuilder();
      for (SdsSecretConfig.Builder sds : tls.getCommonTlsContextBuilder().getTlsCertificateSdsSecretConfigsBuilderList()) {
        sds.clearSdsConfig(); // a bare name refers to static_resources.secrets
      }
      chain.getTransportSocketBuilder().setTypedConfig(Any.pack(tls.build()));
    }
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unexpected typed_config " + any.getTypeUrl(), e);
    }
  }

  private static String typeUrl(String fullName) {
    return "type.googleapis.com/" + fullName;
  }
}
