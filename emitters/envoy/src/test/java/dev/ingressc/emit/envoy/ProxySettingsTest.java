package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Durations;
import dev.ingressc.CompileOptions;
import dev.ingressc.emit.EmittedFile;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.TlsParameters;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;

/** How requests are proxied: clusters, load balancing, timeouts, body limits, headers, TLS. */
class ProxySettingsTest {
  private static final EnvoyInterpreter.Request LB_RR = http("rr.example", "/");

  private static EnvoyInterpreter.Request http(String host, String path) {
    return new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(), host, path);
  }

  /** Four classes, one per load-balancing setting and with its own timeouts and body limit. */
  private static Emitted fourClasses() {
    return Emitted.of(Manifests.join(
        Manifests.ingressClassWithConfigMap("rr", "load-balance=round-robin", "proxy-connect-timeout=2", "proxy-read-timeout=90s",
            "proxy-body-size=64m"),
        Manifests.ingressClassWithConfigMap("lc", "load-balance=least-connections", "proxy-body-size=0"),
        Manifests.ingressClassWithConfigMap("rand", "load-balance=random", "proxy-connect-timeout=500ms"),
        Manifests.ingressClassWithConfigMap("hash", "load-balance=client-ip-hash", "proxy-read-timeout=2m"),
        EnvoyRoutingCases.ingress("rr").className("rr").rule("rr.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.ingress("lc").className("lc").rule("lc.example").path("/", "Prefix", "svc-2", 80).yaml(),
        EnvoyRoutingCases.ingress("rand").className("rand").rule("rand.example").path("/", "Prefix", "svc-3", 80).yaml(),
        EnvoyRoutingCases.ingress("hash").className("hash").rule("hash.example").path("/", "Prefix", "svc-4", 80).yaml(),
        EnvoyRoutingCases.services(4)), CompileOptions.defaults(), EnvoyRoutingCases.HTTP_PORT,
        EnvoyRoutingCases.HTTPS_PORT, EnvoyJson.Format.YAML);
  }

  @Test
  void loadBalancingTimeoutsAndBodyLimitComeFromTheClassParameters() throws Exception {
    Emitted e = fourClasses();
    EnvoyInterpreter envoy = e.interpreter();

    EnvoyInterpreter.Answer rr = envoy.handle(LB_RR);
    assertThat(rr.cluster().get().getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    assertThat(rr.cluster().get().getConnectTimeout()).isEqualTo(Durations.fromSeconds(2));
    RouteAction rrAction = rr.route().get().getRoute();
    assertThat(rrAction.getIdleTimeout()).isEqualTo(Durations.fromSeconds(90));
    assertThat(rrAction.getTimeout()).as("no limit on the whole exchange").isEqualTo(Durations.fromSeconds(0));
    assertThat(bodyLimit(rr.route().get())).isEqualTo(Optional.of(64L * 1024 * 1024));
    assertThat(rrAction.getHashPolicyList()).isEmpty();

    EnvoyInterpreter.Answer lc = envoy.handle(http("lc.example", "/"));
    assertThat(lc.cluster().get().getLbPolicy()).isEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
    assertThat(bodyLimit(lc.route().get())).as("0 means no limit").isEmpty();

    EnvoyInterpreter.Answer rand = envoy.handle(http("rand.example", "/"));
    assertThat(rand.cluster().get().getLbPolicy()).isEqualTo(Cluster.LbPolicy.RANDOM);
    assertThat(rand.cluster().get().getConnectTimeout()).isEqualTo(Durations.fromMillis(500));

    EnvoyInterpreter.Answer hash = envoy.handle(http("hash.example", "/"));
    assertThat(hash.cluster().get().getLbPolicy()).isEqualTo(Cluster.LbPolicy.RING_HASH);
    assertThat(hash.route().get().getRoute().getHashPolicyList()).singleElement()
        .satisfies(h -> assertThat(h.getConnectionProperties().getSourceIp()).isTrue());
    assertThat(hash.route().get().getRoute().getIdleTimeout()).isEqualTo(Durations.fromSeconds(120));
  }

  @Test
  void upstreamsSpeakHttp11AndHostPathAndQueryPassUnchanged() throws Exception {
    Emitted e = fourClasses();
    for (Cluster c : e.bootstrap().getStaticResources().getClustersList()) {
      HttpProtocolOptions opts = c.getTypedExtensionProtocolOptionsOrThrow(
          "envoy.extensions.upstreams.http.v3.HttpProtocolOptions").unpack(HttpProtocolOptions.class);
      assertThat(opts.getExplicitHttpConfig().hasHttpProtocolOptions()).as(c.getName()).isTrue();
    }
    EnvoyInterpreter.Answer a = e.interpreter().handle(http("rr.example", "/a/b?c=d"));
    RouteAction action = a.route().get().getRoute();
    assertThat(action.getPrefixRewrite()).isEmpty();
    assertThat(action.hasRegexRewrite()).isFalse();
    assertThat(action.getHostRewriteSpecifierCase()).isEqualTo(RouteAction.HostRewriteSpecifierCase.HOSTREWRITESPECIFIER_NOT_SET);
    assertThat(a.route().get().getRequestHeadersToAddList()).isEmpty();
    HttpConnectionManager hcm = e.bootstrap().getStaticResources().getListeners(0).getFilterChains(0).getFilters(0)
        .getTypedConfig().unpack(HttpConnectionManager.class);
    assertThat(hcm.getUseRemoteAddress().getValue()).as("x-forwarded-for and x-forwarded-proto from the peer").isTrue();
    assertThat(hcm.getXffNumTrustedHops()).isZero();
    assertThat(hcm.getNormalizePath().getValue()).isFalse();
    assertThat(hcm.getMergeSlashes()).isFalse();
    assertThat(hcm.getStripAnyHostPort()).as("the Host header is not rewritten").isFalse();
    assertThat(hcm.getPathWithEscapedSlashesAction())
        .isEqualTo(HttpConnectionManager.PathWithEscapedSlashesAction.KEEP_UNCHANGED);
    assertThat(hcm.getHttpFiltersList()).extracting(f -> f.getName())
        .containsExactly("envoy.filters.http.buffer", "envoy.filters.http.router");
  }

  @Test
  void aSharedUpstreamWaitsAsLongAsItsMostPatientRouteAsked() {
    Emitted e = Emitted.of(Manifests.join(
        Manifests.ingressClassWithConfigMap("quick", "proxy-connect-timeout=2"),
        Manifests.ingressClassWithConfigMap("patient", "proxy-connect-timeout=7"),
        EnvoyRoutingCases.ingress("q").className("quick").rule("q.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.ingress("p").className("patient").rule("p.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1)));
    assertThat(e.interpreter().handle(http("q.example", "/")).cluster().get().getConnectTimeout())
        .isEqualTo(Durations.fromSeconds(7));
  }

  @Test
  void dnsUpstreamsAreStrictDnsClusters() {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("dns").rule("foo.example").path("/", "Prefix", "ext", 443).yaml(),
        Manifests.externalName("ext", "api.partner.example", 443)));
    Cluster c = e.interpreter().handle(http("foo.example", "/")).cluster().get();
    assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    assertThat(c.getDnsLookupFamily()).isEqualTo(Cluster.DnsLookupFamily.V4_PREFERRED);
    assertThat(c.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress().getSocketAddress()
        .getAddress()).isEqualTo("api.partner.example");
  }

  @Test
  void tlsContextsNeedTls12AndKeysStayInSecretFiles() throws Exception {
    TestCertificates.Pem a = TestCertificates.forHosts("a.example");
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("t").tls("a-tls", "a.example")
        .rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(), Manifests.tlsSecret("default", "a-tls", a.certificate(), a.key()),
        EnvoyRoutingCases.services(1)));
    var https = e.bootstrap().getStaticResources().getListenersList().stream()
        .filter(l -> l.getName().equals("https")).findFirst().orElseThrow();
    assertThat(https.getListenerFiltersList()).extracting(f -> f.getName())
        .containsExactly("envoy.filters.listener.tls_inspector");
    assertThat(https.hasDefaultFilterChain()).as("unknown SNI gets no certificate").isFalse();
    DownstreamTlsContext tls = https.getFilterChains(0).getTransportSocket().getTypedConfig()
        .unpack(DownstreamTlsContext.class);
    assertThat(tls.getCommonTlsContext().getTlsParams().getTlsMinimumProtocolVersion())
        .isEqualTo(TlsParameters.TlsProtocol.TLSv1_2);
    assertThat(https.getFilterChains(0).getFilterChainMatch().getServerNamesList()).containsExactly("a.example");

    String keyBody = a.key().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    for (EmittedFile f : e.files().files()) {
      if (f.path().endsWith(".key")) {
        assertThat(f.secret()).as("%s is written 0600", f.path()).isTrue();
        assertThat(f.text()).contains(keyBody);
      } else {
        assertThat(f.text()).as("%s never holds the key", f.path()).doesNotContain(keyBody);
        assertThat(f.secret()).isFalse();
      }
    }
    assertThat(e.files().files()).filteredOn(EmittedFile::secret).hasSize(1);
  }

  /** One TLS host with its certificate, plus the class parameters' ConfigMap lines. */
  private static Emitted tlsHost(String... configLines) {
    TestCertificates.Pem a = TestCertificates.forHosts("a.example");
    return Emitted.of(Manifests.join(Manifests.ingressClassWithConfigMap("c", configLines),
        EnvoyRoutingCases.ingress("t").className("c").tls("a-tls", "a.example").rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        Manifests.tlsSecret("default", "a-tls", a.certificate(), a.key()), EnvoyRoutingCases.services(1)));
  }

  private static io.envoyproxy.envoy.config.listener.v3.Listener listener(Emitted e, String name) {
    return e.bootstrap().getStaticResources().getListenersList().stream()
        .filter(l -> l.getName().equals(name)).findFirst().orElseThrow();
  }

  private static HttpConnectionManager hcm(io.envoyproxy.envoy.config.listener.v3.FilterChain chain) throws Exception {
    return chain.getFilters(0).getTypedConfig().unpack(HttpConnectionManager.class);
  }

  @Test
  void tlsOffersHttp2ByAlpnAndPlainHttpIsHttp11Only() throws Exception {
    Emitted e = tlsHost();
    assertThat(e.ir().listener().http2()).isTrue();
    var https = listener(e, "https");
    DownstreamTlsContext tls = https.getFilterChains(0).getTransportSocket().getTypedConfig()
        .unpack(DownstreamTlsContext.class);
    assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2", "http/1.1");
    assertThat(hcm(https.getFilterChains(0)).getCodecType()).as("the codec ALPN chose")
        .isEqualTo(HttpConnectionManager.CodecType.AUTO);
    assertThat(hcm(listener(e, "http").getFilterChains(0)).getCodecType())
        .isEqualTo(HttpConnectionManager.CodecType.HTTP1);
  }

  @Test
  void useHttp2FalseMakesTlsHttp11Only() throws Exception {
    Emitted e = tlsHost("use-http2=false");
    var https = listener(e, "https");
    DownstreamTlsContext tls = https.getFilterChains(0).getTransportSocket().getTypedConfig()
        .unpack(DownstreamTlsContext.class);
    assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).isEmpty();
    assertThat(hcm(https.getFilterChains(0)).getCodecType()).isEqualTo(HttpConnectionManager.CodecType.HTTP1);
    assertThat(hcm(listener(e, "http").getFilterChains(0)).getCodecType())
        .isEqualTo(HttpConnectionManager.CodecType.HTTP1);
  }

  /** The buffer filter's per-route limit, or empty when the filter is off for the route. */
  private static Optional<Long> bodyLimit(Route r) throws Exception {
    BufferPerRoute b = r.getTypedPerFilterConfigOrThrow("envoy.filters.http.buffer").unpack(BufferPerRoute.class);
    return b.getDisabled() ? Optional.empty()
        : Optional.of(Integer.toUnsignedLong(b.getBuffer().getMaxRequestBytes().getValue()));
  }
}
