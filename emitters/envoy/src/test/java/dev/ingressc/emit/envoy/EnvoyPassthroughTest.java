package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.ir.Endpoint;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCertificates;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ssl-passthrough on Envoy (SEMANTICS.md, "TLS passthrough"): the strict parse (Emitted) and the
 * structure of the HTTPS listener's filter chains, then the interpreter against the oracle. No
 * Envoy binary runs here: the interpreter's tcp_proxy follows Envoy's documented behaviour.
 */
class EnvoyPassthroughTest {
  private static final String KEY = "nginx.ingress.kubernetes.io/ssl-passthrough";

  private static Emitted emitted() {
    TestCertificates.Pem web = TestCertificates.forHosts("web.example");
    TestCertificates.Pem pt = TestCertificates.forHosts("pt.example");
    return Emitted.of(Manifests.join(
        // pt.example also has a TLS section: its certificate must not get a chain of its own.
        EnvoyRoutingCases.ingress("pt").annotation(KEY, "true").tls("pt-tls", "pt.example")
            .rule("pt.example").path("/", "Prefix", "svc-1", 80).path("/api", "Prefix", "svc-2", 80).yaml(),
        EnvoyRoutingCases.ingress("web").tls("web-tls", "web.example").rule("web.example").path("/", "Prefix", "svc-3", 80)
            .yaml(),
        Manifests.tlsSecret("default", "web-tls", web.certificate(), web.key()),
        Manifests.tlsSecret("default", "pt-tls", pt.certificate(), pt.key()),
        EnvoyRoutingCases.services(3)));
  }

  private static Listener https(Emitted e) {
    return e.bootstrap().getStaticResources().getListenersList().stream()
        .filter(l -> l.getName().equals(EnvoyNames.HTTPS)).findFirst().orElseThrow();
  }

  @Test
  void aPassedThroughHostGetsATcpProxyChainAndTheOtherChainsAreUnchanged() throws Exception {
    Emitted e = emitted();
    Listener l = https(e);
    assertThat(l.getListenerFiltersList()).extracting(f -> f.getName()).containsExactly(ListenerBuilder.TLS_INSPECTOR);
    assertThat(l.getFilterChainsList()).extracting(c -> List.copyOf(c.getFilterChainMatch().getServerNamesList()))
        .containsExactly(List.of("web.example"), List.of("pt.example"));
    FilterChain pt = l.getFilterChains(1);
    assertThat(pt.hasTransportSocket()).as("the backend terminates TLS").isFalse();
    assertThat(pt.getFiltersList()).extracting(f -> f.getName()).containsExactly(PassthroughChains.TCP_PROXY);
    TcpProxy tcp = pt.getFilters(0).getTypedConfig().unpack(TcpProxy.class);
    Cluster cluster = e.bootstrap().getStaticResources().getClustersList().stream()
        .filter(c -> c.getName().equals(tcp.getCluster())).findFirst().orElseThrow();
    assertThat(cluster.hasTransportSocket()).isFalse();
    assertThat(cluster.getTypedExtensionProtocolOptionsMap()).as("raw TCP, no HTTP options").isEmpty();
    FilterChain web = l.getFilterChains(0);
    assertThat(web.hasTransportSocket()).isTrue();
    assertThat(web.getFilters(0).getName()).isEqualTo(ListenerBuilder.HCM);
    assertThat(l.hasDefaultFilterChain()).isFalse();
  }

  @Test
  void theInterpreterPassesBySniWhereTheOracleDoes() {
    Emitted e = emitted();
    RouteOracle oracle = new RouteOracle(e.ir());
    RouteAnswer o = oracle.route(RouteRequest.https("web.example", "/api", "pt.example"));
    assertThat(o.status()).isEqualTo(RouteAnswer.PASSED_THROUGH);
    EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTPS_PORT,
        Optional.of("pt.example"), "web.example", "/api"));
    assertThat(a.outcome()).as("%s", a.trace()).isEqualTo(EnvoyInterpreter.Outcome.TCP_PROXIED);
    assertThat(a.endpoints()).isEqualTo(e.endpoints().of(o.upstream().orElseThrow().name()).stream()
        .map(Endpoint::hostPort).toList());

    RouteAnswer ow = oracle.route(RouteRequest.https("web.example", "/", "web.example"));
    EnvoyInterpreter.Answer w = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTPS_PORT,
        Optional.of("web.example"), "web.example", "/"));
    assertThat(w.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    assertThat(w.cluster().orElseThrow().getName()).isEqualTo(EnvoyNames.cluster(ow.upstream().orElseThrow().name()));

    // Plain HTTP to the passed-through host: its TLS section still redirects it to https.
    RouteAnswer op = oracle.route(new RouteRequest("pt.example", "/api", Optional.empty(), EnvoyRoutingCases.HTTPS_PORT));
    EnvoyInterpreter.Answer p = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT,
        Optional.empty(), "pt.example", "/api"));
    assertThat(op.status()).isEqualTo(308);
    assertThat(p.status()).isEqualTo(308);
    assertThat(p.location()).isEqualTo(op.location());

    // No SNI, or another: no chain and no default certificate, as the oracle refuses it.
    assertThat(oracle.route(RouteRequest.https("pt.example", "/", "")).status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
    assertThat(e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTPS_PORT, true, Optional.empty(),
        "pt.example", "/")).outcome()).isEqualTo(EnvoyInterpreter.Outcome.CONNECTION_CLOSED);
  }

  @Test
  void theXdsFormSendsThePassthroughClusterOverEds() {
    Emitted e = emitted();
    EnvoyResources r = EnvoyTranslator.translateForXds(e.ir(), e.endpoints(), EnvoyRoutingCases.HTTP_PORT,
        EnvoyRoutingCases.HTTPS_PORT);
    String name = PassthroughChains.PREFIX + EnvoyNames.cluster("default/svc-1:80");
    assertThat(r.clusters()).filteredOn(c -> c.getName().equals(name)).singleElement()
        .satisfies(c -> assertThat(c.getType()).isEqualTo(Cluster.DiscoveryType.EDS));
    assertThat(r.loadAssignment(name)).isPresent();
  }
}
