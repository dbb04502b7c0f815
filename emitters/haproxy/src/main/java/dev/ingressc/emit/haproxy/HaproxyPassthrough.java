package dev.ingressc.emit.haproxy;

import dev.ingressc.emit.EmitOptions;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.ir.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ssl-passthrough (SEMANTICS.md, "TLS passthrough"), decided: a TCP frontend owns the TLS port,
 * waits for the ClientHello and sends a passed-through SNI ({@code req.ssl_sni}, compared
 * case-insensitively) to a TCP backend of the host's upstream, and every other connection to the
 * HTTPS frontend's bind on a unix socket, with a PROXY protocol header so {@code src} stays the
 * client's.
 *
 * @param port the TLS port
 * @param httpsSocket the HTTPS bind's address ({@code unix@PATH}), which accepts the PROXY protocol;
 *     null when no host's TLS is terminated (another SNI's connection is then closed)
 * @param routes SNI to TCP backend, by host
 * @param backends one per passed-through upstream, by name
 */
public record HaproxyPassthrough(int port, String httpsSocket, List<SniRoute> routes, List<TcpBackend> backends) {
  static final String PREFIX = "passthrough_";
  static final String HTTPS_BACKEND = "ingressc_https";

  public record SniRoute(String host, String backend) {}

  /** @param servers empty when the upstream has no endpoint: the connection is closed */
  public record TcpBackend(String name, String comment, String balance, List<BackendView.ServerView> servers) {}

  /** The passthrough of {@code ir}, or null when no host is passed through. */
  static HaproxyPassthrough of(IngressIR ir, EndpointTable endpoints, EmitOptions options) {
    List<VirtualHost> hosts = ir.passthroughHosts();
    if (hosts.isEmpty()) {
      return null;
    }
    Map<String, TcpBackend> backends = new TreeMap<>();
    List<SniRoute> routes = new ArrayList<>();
    for (VirtualHost v : hosts) {
      Upstream u = ir.upstream(v.passthrough().orElseThrow().backend().upstream()).orElseThrow();
      TcpBackend b = backends.computeIfAbsent(u.name(), n -> backend(u, endpoints));
      routes.add(new SniRoute(v.host(), b.name()));
    }
    return new HaproxyPassthrough(options.httpsPort(), ir.hasTls() ? httpsSocket(options) : null, routes, List.copyOf(backends.values()));
  }

  static String httpsSocket(EmitOptions options) {
    return "unix@" + options.runtimeDir().resolve("https.sock");
  }

  private static TcpBackend backend(Upstream u, EndpointTable endpoints) {
    String name = PREFIX + u.name().replaceAll("[^A-Za-z0-9._:-]", "_");
    if (u.kind() == UpstreamKind.UNAVAILABLE) {
      return new TcpBackend(name, u.name() + ": no endpoint, the connection is closed", "roundrobin", List.of());
    }
    List<BackendView.ServerView> servers = HaproxyViewBuilder.servers(u, endpoints.of(u.name())).stream()
        .filter(BackendView.ServerView::enabled).toList();
    return new TcpBackend(name, u.name(), "roundrobin", servers);
  }
}
