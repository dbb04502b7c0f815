package dev.ingressc.emit.envoy;

import dev.ingressc.emit.EmittedFile;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.ir.HostIndex;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.Builder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one translation from the IR to Envoy's typed resources. It decides nothing about routing:
 * it restates the IR's decisions in Envoy's terms (see {@link RouteTableBuilder} for how).
 */
public final class EnvoyTranslator {
  static final String CERT_DIR = "certs";

  private EnvoyTranslator() {}

  /** How the resources reach Envoy; routing is the same either way. */
  public enum Delivery {
    /**
     * Written into a static bootstrap: clusters are STATIC or STRICT_DNS and get their endpoints
     * inlined by {@link StaticBootstrap}; secrets name certificate files in the output directory.
     */
    STATIC_BOOTSTRAP,
    /**
     * Served by an xDS server: STATIC clusters become EDS clusters (endpoints over ADS, so an
     * endpoint-only change touches EDS alone); STRICT_DNS clusters carry their host name inline and
     * have no load assignment in the set; secrets carry the PEM inline (served over SDS only, never
     * written), so Envoy needs no shared volume.
     */
    XDS
  }

  /**
   * The static-bootstrap form.
   *
   * @param httpPort the plain-HTTP listener's port
   * @param httpsPort the HTTPS listener's port, also written into https redirects
   * @param outputDir the absolute directory certificate files will be written to
   */
  public static EnvoyResources translate(IngressIR ir, EndpointTable endpoints, int httpPort, int httpsPort, Path outputDir) {
    return translate(ir, endpoints, httpPort, httpsPort, outputDir, Delivery.STATIC_BOOTSTRAP);
  }

  /** The xDS form ({@link Delivery#XDS}): nothing refers to files, and {@link EnvoyResources#files()} is empty. */
  public static EnvoyResources translateForXds(IngressIR ir, EndpointTable endpoints, int httpPort, int httpsPort) {
    return translateForXds(ir, endpoints, httpPort, httpsPort, new VirtualHostCache());
  }

  /**
   * The xDS form, reusing the virtual hosts that {@code cache} kept from the previous translation;
   * the result equals a translation without the cache.
   */
  public static EnvoyResources translateForXds(IngressIR ir, EndpointTable endpoints, int httpPort, int httpsPort, VirtualHostCache cache) {
    return translate(ir, endpoints, httpPort, httpsPort, null, Delivery.XDS, cache);
  }

  private static EnvoyResources translate(IngressIR ir, EndpointTable endpoints, int httpPort, int httpsPort, Path outputDir,
      Delivery delivery) {
    return translate(ir, endpoints, httpPort, httpsPort, outputDir, delivery, new VirtualHostCache());
  }

  private static EnvoyResources translate(IngressIR ir, EndpointTable endpoints, int httpPort, int httpsPort, Path outputDir,
      Delivery delivery, VirtualHostCache cache) {
    boolean xds = delivery == Delivery.XDS;
    RouteTableBuilder tables = new RouteTableBuilder(ir, httpsPort, cache);
    List<Listener> listeners = new ArrayList<>();
    List<RouteConfiguration> routes = new ArrayList<>();
    // RBAC first, then the rate limit: a client kept out gets 403 whatever its rate. Before both,
    // behind trusted proxies, the 403 for what Envoy cannot read of their X-Forwarded-For.
    List<io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter> first = new ArrayList<>();
    dev.ingressc.ir.TrustedProxies trusted = ir.listener().trustedProxies();
    if (trusted.any()) {
      first.add(EnvoyClientAddress.filter(trusted));
    }
    if (EnvoySourceRanges.used(ir)) {
      first.add(EnvoySourceRanges.filter());
    }
    EnvoyRateLimits.filter(ir).ifPresent(first::add);
    // Basic auth after both: a client kept out or over its rate is never asked for a password.
    EnvoyBasicAuth.filter(ir).ifPresent(first::add);
    // External auth after the buffer filter: a body over the limit gets its 413 without asking.
    List<io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter> last =
        EnvoyExternalAuth.filter(ir, xds ? null : outputDir).stream().toList();
    listeners.add(ListenerBuilder.http(httpPort, first, last, trusted));
    routes.add(tables.build(RouteTableBuilder.Scheme.HTTP));

    List<TlsCertificate> certificates = ir.servedCertificates();
    PassthroughChains passthrough = PassthroughChains.of(ir, endpoints, xds ? ListenerBuilder.ads() : null,
        tables::duration);
    if (ir.hasTlsPort()) {
      listeners.add(passthrough.addTo(
          ListenerBuilder.https(httpsPort, sniHosts(ir), ir.defaultCertificate(), ir.listener().http2(), first,
              last, trusted)));
    }
    if (ir.hasTls()) {
      routes.add(tables.build(RouteTableBuilder.Scheme.HTTPS));
    }
    tables.done();

    List<Cluster> clusters = new ArrayList<>();
    List<ClusterLoadAssignment> assignments = new ArrayList<>();
    for (Upstream u : ir.upstreams()) {
      if (u.unavailable()) {
        continue; // its routes answer 503 directly
      }
      String name = tables.clusterName(u);
      Cluster cluster = ClusterBuilder.cluster(u, name, tables.duration(u.connectTimeout()));
      ClusterLoadAssignment assignment = ClusterBuilder.loadAssignment(endpoints.of(u.name()), name);
      if (!xds) {
        clusters.add(cluster);
        assignments.add(assignment);
      } else if (cluster.getType() == Cluster.DiscoveryType.STATIC) {
        clusters.add(ClusterBuilder.eds(cluster, ListenerBuilder.ads()));
        assignments.add(assignment);
      } else {
        clusters.add(cluster.toBuilder().setLoadAssignment(assignment).build()); // DNS: Envoy resolves it
      }
    }

    clusters.addAll(passthrough.clusters);
    assignments.addAll(passthrough.assignments);
    // The auth services' clusters (EnvoyExternalAuth): an IP address's is STATIC, a name's STRICT_DNS.
    for (var auth : EnvoyExternalAuth.clusters(ir).values()) {
      if (!xds) {
        clusters.add(auth.getKey());
        assignments.add(auth.getValue());
      } else if (auth.getKey().getType() == Cluster.DiscoveryType.STATIC) {
        clusters.add(ClusterBuilder.eds(auth.getKey(), ListenerBuilder.ads()));
        assignments.add(auth.getValue());
      } else {
        clusters.add(auth.getKey().toBuilder().setLoadAssignment(auth.getValue()).build());
      }
    }

    List<Secret> secrets = new ArrayList<>();
    List<EmittedFile> files = new ArrayList<>();
    if (!xds && outputDir != null) {
      EnvoyExternalAuth.file(ir).ifPresent(files::add); // the script the Lua filter names
    }
    for (TlsCertificate c : certificates) {
      Builder tls = io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsCertificate.newBuilder();
      if (xds) {
        tls.setCertificateChain(DataSource.newBuilder().setInlineString(c.certificatePem()))
            .setPrivateKey(DataSource.newBuilder().setInlineString(c.key().pem()));
      } else {
        String stem = CERT_DIR + "/" + EnvoyNames.certificateFile(c.id());
        files.add(EmittedFile.text(stem + ".crt", c.certificatePem()));
        files.add(EmittedFile.secretText(stem + ".key", c.key().pem()));
        tls.setCertificateChain(file(outputDir, stem + ".crt")).setPrivateKey(file(outputDir, stem + ".key"));
      }
      secrets.add(Secret.newBuilder().setName(EnvoyNames.secret(c.id())).setTlsCertificate(tls).build());
    }
    return new EnvoyResources(listeners, routes, clusters, assignments, secrets, files);
  }

  /** Every SNI name with its certificate, sorted by name: one filter chain each. */
  private static List<ListenerBuilder.SniHost> sniHosts(IngressIR ir) {
    java.util.Set<String> passedThrough = PassthroughChains.hosts(ir);
    return new HostIndex(ir).certificatesByListedHost().entrySet().stream()
        .filter(e -> !passedThrough.contains(e.getKey()))
        .map(e -> new ListenerBuilder.SniHost(e.getKey(), e.getValue().id())).toList();
  }

  private static DataSource file(Path outputDir, String relative) {
    return DataSource.newBuilder().setFilename(outputDir.resolve(relative).toString()).build();
  }
}
