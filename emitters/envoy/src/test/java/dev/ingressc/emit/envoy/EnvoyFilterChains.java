package dev.ingressc.emit.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.emit.envoy.EnvoyInterpreter.Outcome;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The interpreter's model of a connection up to its HTTP handling: the listener on the port, the
 * filter chain the SNI picks, and what that chain holds (a tcp_proxy, or a certificate and an HTTP
 * connection manager with its route table).
 */
final class EnvoyFilterChains {
  private final Bootstrap bootstrap;
  private final Function<String, String> readFile;

  /** @param readFile reads a file the bootstrap names by absolute path (certificates, route tables) */
  EnvoyFilterChains(Bootstrap bootstrap, Function<String, String> readFile) {
    this.bootstrap = bootstrap;
    this.readFile = readFile;
  }

  /** The listener bound to the port (listener.proto, Listener.address). */
  Optional<Listener> listener(int port) {
    return bootstrap.getStaticResources().getListenersList().stream()
        .filter(l -> l.getAddress().getSocketAddress().getPortValue() == port)
        .findFirst();
  }

  /**
   * Filter chain by SNI (listener_components.proto, FilterChainMatch.server_names): "The server
   * name will be matched against all wildcard domains, i.e. www.example.com will be first matched
   * against www.example.com, then *.example.com, then *.com." A chain without server_names matches
   * any name. Without a match, Listener.default_filter_chain: "If no default filter chain is
   * supplied, the connection will be closed." The SNI is only known with the tls_inspector listener
   * filter. Server names are compared as sent (Envoy does not lower-case them).
   */
  Optional<FilterChain> filterChain(Listener l, Optional<String> sniSent, List<String> trace) {
    boolean inspects = l.getListenerFiltersList().stream()
        .anyMatch(f -> f.getName().equals("envoy.filters.listener.tls_inspector"));
    Optional<String> sni = inspects ? sniSent : Optional.empty();
    for (FilterChain c : l.getFilterChainsList()) {
      FilterChainMatch m = c.getFilterChainMatch();
      if (!m.toBuilder().clearServerNames().build().equals(FilterChainMatch.getDefaultInstance())) {
        throw new UnsupportedOperationException("filter chain criteria other than server_names: " + m);
      }
      for (String name : m.getServerNamesList()) {
        if (name.equals("*") || (name.contains("*") && !name.startsWith("*."))) {
          throw new IllegalStateException("server_names entry Envoy rejects: " + name);
        }
      }
    }
    List<String> candidates = new ArrayList<>();
    sni.ifPresent(s -> {
      candidates.add(s);
      for (int dot = s.indexOf('.'); dot >= 0; dot = s.indexOf('.', dot + 1)) {
        candidates.add("*" + s.substring(dot));
      }
    });
    for (String name : candidates) {
      for (FilterChain c : l.getFilterChainsList()) {
        if (c.getFilterChainMatch().getServerNamesList().contains(name)) {
          trace.add("filter chain " + c.getName() + " (server name " + name + ")");
          return Optional.of(c);
        }
      }
    }
    for (FilterChain c : l.getFilterChainsList()) {
      if (c.getFilterChainMatch().getServerNamesCount() == 0) {
        trace.add("filter chain " + c.getName() + " (no server_names)");
        return Optional.of(c);
      }
    }
    if (l.hasDefaultFilterChain()) {
      trace.add("default filter chain");
      return Optional.of(l.getDefaultFilterChain());
    }
    trace.add("no filter chain for SNI " + sni.orElse("(none)") + " and no default: connection closed");
    return Optional.empty();
  }

  /**
   * A chain whose one network filter is tcp_proxy (tcp_proxy.proto, TcpProxy.cluster: "The upstream
   * cluster to connect to"): with no transport socket, the connection's bytes, the TLS handshake
   * included, go to a host of the cluster untouched; a cluster with no host closes the connection
   * ("no healthy upstream"). Only the cluster specifier is modelled; other settings throw.
   */
  Optional<Answer> tcpProxy(FilterChain c, List<String> trace) {
    if (c.getFiltersCount() != 1 || !c.getFilters(0).getName().equals(PassthroughChains.TCP_PROXY)) {
      return Optional.empty();
    }
    if (c.hasTransportSocket()) {
      throw new UnsupportedOperationException("tcp_proxy behind a transport socket: " + c.getName());
    }
    TcpProxy tcp = EnvoyInterpreter.unpack(c.getFilters(0).getTypedConfig(), TcpProxy.class);
    if (!tcp.toBuilder().clearStatPrefix().clearCluster().build().equals(TcpProxy.getDefaultInstance())) {
      throw new UnsupportedOperationException("tcp_proxy settings other than the cluster: " + tcp);
    }
    Cluster cluster = EnvoyClusters.named(bootstrap, tcp.getCluster(), "tcp_proxy");
    if (cluster.hasTransportSocket() || cluster.getTypedExtensionProtocolOptionsCount() > 0) {
      throw new IllegalStateException("a passthrough cluster must be raw TCP: " + cluster.getName());
    }
    List<String> endpoints = EnvoyClusters.endpoints(cluster);
    trace.add("tcp_proxy to cluster " + cluster.getName() + " " + endpoints);
    if (endpoints.isEmpty()) {
      trace.add("no host in the cluster: connection closed");
      return Optional.of(EnvoyInterpreter.closed(trace));
    }
    return Optional.of(new Answer(Outcome.TCP_PROXIED, 0, Optional.of(cluster), endpoints, Optional.empty(),
        Optional.empty(), Optional.empty(), trace));
  }

  /** The certificate a TLS chain serves: its SDS secret by name from static_resources.secrets. */
  Optional<String> certificate(FilterChain c, List<String> trace) {
    if (!c.hasTransportSocket()) {
      return Optional.empty();
    }
    DownstreamTlsContext tls = EnvoyInterpreter.unpack(c.getTransportSocket().getTypedConfig(),
        DownstreamTlsContext.class);
    var common = tls.getCommonTlsContext();
    if (common.getTlsCertificatesCount() > 0 || common.getTlsCertificateSdsSecretConfigsCount() != 1) {
      throw new UnsupportedOperationException("expected exactly one SDS certificate: " + common);
    }
    var sds = common.getTlsCertificateSdsSecretConfigs(0);
    if (sds.hasSdsConfig()) {
      throw new IllegalStateException("a static bootstrap cannot fetch secret " + sds.getName() + " over SDS");
    }
    Secret secret = bootstrap.getStaticResources().getSecretsList().stream()
        .filter(s -> s.getName().equals(sds.getName()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no static secret " + sds.getName()));
    String chainFile = secret.getTlsCertificate().getCertificateChain().getFilename();
    String keyFile = secret.getTlsCertificate().getPrivateKey().getFilename();
    readFile.apply(keyFile); // must exist
    trace.add("certificate " + chainFile);
    return Optional.of(readFile.apply(chainFile));
  }

  static HttpConnectionManager connectionManager(FilterChain c) {
    if (c.getFiltersCount() != 1 || !c.getFilters(0).getName().equals("envoy.filters.network.http_connection_manager")) {
      throw new UnsupportedOperationException("expected one HTTP connection manager: " + c.getFiltersList());
    }
    return EnvoyInterpreter.unpack(c.getFilters(0).getTypedConfig(), HttpConnectionManager.class);
  }

  /** route_config inline, or RDS from a file (config_source.path_config_source) holding a DiscoveryResponse. */
  RouteConfiguration routeTable(HttpConnectionManager hcm) {
    if (hcm.hasRouteConfig()) {
      return hcm.getRouteConfig();
    }
    if (!hcm.hasRds() || !hcm.getRds().getConfigSource().hasPathConfigSource()) {
      throw new IllegalStateException("a static bootstrap needs an inline route table or one from a file: " + hcm);
    }
    String path = hcm.getRds().getConfigSource().getPathConfigSource().getPath();
    DiscoveryResponse.Builder dr = DiscoveryResponse.newBuilder();
    try {
      JsonFormat.parser().usingTypeRegistry(EnvoyJson.TYPES).merge(EnvoyJson.toJson(readFile.apply(path)), dr);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("route table file " + path + " does not parse", e);
    }
    for (Any a : dr.getResourcesList()) {
      RouteConfiguration rc = EnvoyInterpreter.unpack(a, RouteConfiguration.class);
      if (rc.getName().equals(hcm.getRds().getRouteConfigName())) {
        return rc;
      }
    }
    throw new IllegalStateException("no route table " + hcm.getRds().getRouteConfigName() + " in " + path);
  }
}
