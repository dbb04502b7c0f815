package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where Envoy's SNI matching cannot be bent to the spec with filter_chain_match.server_names. Each
 * test pins the exact difference, so a change on either side is noticed. Routing by Host after the
 * handshake is unaffected (see EnvoyVersusOracleTest).
 */
class KnownDeviationsTest {
  private static Emitted wildcardTls() {
    TestCertificates.Pem w = TestCertificates.forHosts("*.w.example");
    return Emitted.of(Yaml.join(Yaml.ingress("t").tls("w-tls", "*.w.example")
        .rule("*.w.example").path("/", "Prefix", "svc-1", 80).yaml(), Yaml.tlsSecret("w-tls", w.certificate(), w.key()),
        EnvoyRoutingCases.services(1)));
  }

  /**
   * server_names "*.w.example" also takes "deep.x.w.example" (Envoy walks *.x.w.example, then
   * *.w.example), while the Ingress wildcard covers one label: the oracle refuses the handshake,
   * Envoy serves the wildcard certificate, which does not cover that name, so a verifying client
   * still fails. Bridging this needs Listener.filter_chain_matcher instead of server_names.
   */
  @Test
  void aSniDeeperThanAWildcardTlsHostGetsTheWildcardCertificate() {
    Emitted e = wildcardTls();
    RouteAnswer o = new RouteOracle(e.ir()).route(RouteRequest.https("x.w.example", "/", "deep.x.w.example"));
    EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTPS_PORT,
        Optional.of("deep.x.w.example"), "x.w.example", "/"));
    assertThat(o.status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
    assertThat(a.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    assertThat(a.certificatePem()).contains(e.ir().certificates().get(0).certificatePem());
  }

  /** Envoy compares the SNI as sent; the oracle lower-cases it. Clients send lower case in practice. */
  @Test
  void anUpperCaseSniFindsNoFilterChain() {
    Emitted e = wildcardTls();
    RouteAnswer o = new RouteOracle(e.ir()).route(RouteRequest.https("x.w.example", "/", "X.W.EXAMPLE"));
    EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTPS_PORT,
        Optional.of("X.W.EXAMPLE"), "x.w.example", "/"));
    assertThat(o.status()).isEqualTo(200);
    assertThat(a.outcome()).isEqualTo(EnvoyInterpreter.Outcome.CONNECTION_CLOSED);
  }
}
