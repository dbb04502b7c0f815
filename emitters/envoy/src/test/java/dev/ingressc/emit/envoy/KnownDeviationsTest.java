package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;

/**
 * Where Envoy cannot be bent to the spec: SNI matching with filter_chain_match.server_names, the
 * order of the upgrade check, how the basic_auth filter reads Authorization, the CORS headers of a
 * kept-out client's 403 on a rule without endpoints, how Envoy reads a trusted proxy's
 * X-Forwarded-For, and the field Envoy's async client adds to an external auth request. Each test pins the exact difference, so a change on either side is noticed.
 * Routing by Host after the handshake is unaffected (see EnvoyVersusOracleTest).
 */
class KnownDeviationsTest {
  private static final String TRUSTED_PEER = "127.0.0.2";
  private static final String GARBAGE_PAST_TRUSTED_HOP = "bogus, 127.0.0.5";
  private static final String WITH_PORT = "198.51.100.7:4711";

  /**
   * The probes of the shared cases that meet a deviation pinned here; {@link SharedCasesTest} leaves
   * them out: from the trusted proxy, an entry Envoy cannot read past a trusted hop (both hosts),
   * and an entry with a port on the open host.
   */
  static boolean inSharedCase(String caseName, dev.ingressc.testkit.e2e.Probe p) {
    String xff = p.fields().getOrDefault("X-Forwarded-For", "");
    return caseName.equals("client-address") && p.source().equals(Optional.of(TRUSTED_PEER))
        && (xff.equals(GARBAGE_PAST_TRUSTED_HOP) || xff.equals(WITH_PORT) && p.host().startsWith("open."));
  }

  /**
   * Envoy's XFF detection gives up at an entry that is no bare address and takes the connection's
   * peer; nginx's walk ends there at the last address read. Only reachable past trusted hops (the
   * walk stops at the first untrusted address first), so either way the client is a trusted proxy:
   * here Envoy judges and forwards the peer 127.0.0.2, the oracle the hop 127.0.0.5; both are let in.
   */
  @Test
  void anUnreadableEntryPastATrustedHopMakesEnvoyTakeThePeer() {
    onClientAddressCase(GARBAGE_PAST_TRUSTED_HOP, 2, (o, client, a) -> {
      assertThat(o.status()).isEqualTo(200);
      assertThat(client).contains("127.0.0.5");
      assertThat(a.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      assertThat(a.forwarded()).containsEntry("x-real-ip", TRUSTED_PEER).containsEntry("x-forwarded-for", TRUSTED_PEER);
    });
  }

  /**
   * An entry with a port from a trusted proxy: nginx's walk reads the address, Envoy's parser does
   * not and would take the proxy's own address, which a denied client could hide behind. Envoy
   * refuses it with 403 instead (EnvoyClientAddress, policy x-forwarded-for-unreadable): on the
   * guarded host, which keeps 198.51.100.7 out, that is the oracle's answer too (SharedCasesTest
   * compares it); the open host, where the oracle forwards 198.51.100.7, differs.
   */
  @Test
  void anEntryWithAPortFromATrustedProxyGets403() {
    onClientAddressCase(WITH_PORT, 1, (o, client, a) -> {
      assertThat(o.status()).isEqualTo(200);
      assertThat(client).contains("198.51.100.7");
      assertThat(a.outcome()).isEqualTo(EnvoyInterpreter.Outcome.REFUSED_BY_FILTER);
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.trace()).anyMatch(t -> t.contains("policy " + EnvoyClientAddress.UNREADABLE_POLICY + " matches"));
    });
  }

  private interface Deviation {
    void check(RouteAnswer oracle, Optional<String> oracleClient, EnvoyInterpreter.Answer envoy);
  }

  /**
   * Checks each of the {@code count} probes with {@code xff} of the shared case client-address that
   * SharedCasesTest leaves out.
   */
  private static void onClientAddressCase(String xff, int count, Deviation check) {
    dev.ingressc.testkit.e2e.E2eCase c = dev.ingressc.testkit.e2e.ClientAddressCases.clientAddress();
    try (dev.ingressc.testkit.http.EchoBackends backends = new dev.ingressc.testkit.http.EchoBackends();
        dev.ingressc.testkit.e2e.CaseContext ctx = new dev.ingressc.testkit.e2e.CaseContext(backends)) {
      Emitted e = SharedCasesTest.emit(c, ctx);
      RouteOracle oracle = new RouteOracle(e.ir());
      var probes = c.probes().stream().filter(p -> inSharedCase(c.name(), p))
          .filter(p -> p.fields().get("X-Forwarded-For").equals(xff)).toList();
      assertThat(probes).hasSize(count);
      for (var p : probes) {
        RouteRequest req = SharedCasesTest.oracleRequest(p);
        EnvoyInterpreter.Answer a = e.interpreter().handle(SharedCasesTest.envoyRequest(p, Optional.empty()));
        check.check(oracle.route(req), oracle.clientAddress(req), a);
      }
    }
  }

  private static Emitted wildcardTls() {
    TestCertificates.Pem w = TestCertificates.forHosts("*.w.example");
    return Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("t").tls("w-tls", "*.w.example")
        .rule("*.w.example").path("/", "Prefix", "svc-1", 80).yaml(), Manifests.tlsSecret("default", "w-tls", w.certificate(), w.key()),
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

  /**
   * The connection manager refuses an upgrade type it does not allow with 403 as soon as a route
   * matches, before that route's action runs (ConnectionManagerImpl::ActiveStream::decodeHeaders,
   * "if (hasCachedRoute())"); the refused-target 400 is a route's direct response, so an unknown
   * Upgrade on a refused target gets 403 where the policy says 400. Either way it never reaches a
   * backend. Targets refused before routing (absolute-form, '*', a fragment) still get 400.
   */
  @Test
  void aRefusedTargetWithAnUnknownUpgradeGets403() {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a").rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.services(1)));
    for (String target : java.util.List.of("/a/../b", "/a%2Fb", "/a%zz", "/a\\b")) {
      RouteAnswer o = new RouteOracle(e.ir()).route(RouteRequest.http("a.example", target));
      EnvoyInterpreter.Request plain = new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
          "a.example", target);
      EnvoyInterpreter.Answer upgraded = e.interpreter().handle(plain.upgradeTo("foo"));
      assertThat(o.status()).as(target).isEqualTo(RouteAnswer.BAD_REQUEST);
      assertThat(e.interpreter().handle(plain).status()).as(target).isEqualTo(400);
      assertThat(e.interpreter().handle(plain.upgradeTo("websocket")).status()).as(target).isEqualTo(400);
      assertThat(upgraded.outcome()).as(target).isEqualTo(EnvoyInterpreter.Outcome.UPGRADE_REFUSED);
      assertThat(upgraded.status()).as(target).isEqualTo(403);
    }
    EnvoyInterpreter.Answer absolute = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT,
        Optional.empty(), "a.example", "http://a.example/").upgradeTo("foo"));
    assertThat(absolute.status()).isEqualTo(400);
  }
  /**
   * Envoy's basic_auth filter takes the scheme word only as "Basic " (absl::StartsWith) and decodes
   * the rest as it is; the oracle, as nginx, takes it in any case and drops spaces around the token.
   * So "basic TOKEN" and "Basic  TOKEN" with the right password get 401 from Envoy, 200 from the
   * oracle; never the other way round (nothing reaches the backend that should not).
   */
  @Test
  void basicAuthTakesOnlyTheExactSchemeWordAndNoExtraSpace() {
    String token = java.util.Base64.getEncoder().encodeToString("alice:wonderland".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a")
        .annotation("nginx.ingress.kubernetes.io/auth-type", "basic")
        .annotation("nginx.ingress.kubernetes.io/auth-secret", "users")
        .annotation("nginx.ingress.kubernetes.io/auth-realm", "r")
        .rule("a.example").path("/", "Prefix", "svc-1", 80).yaml(),
        "apiVersion: v1\nkind: Secret\nmetadata: {name: users, namespace: default}\n"
            + "stringData: {auth: 'alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ='}\n",
        EnvoyRoutingCases.services(1)));
    EnvoyInterpreter.Request plain = new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT, Optional.empty(),
        "a.example", "/");
    RouteOracle oracle = new RouteOracle(e.ir());
    for (String value : java.util.List.of("basic " + token, "Basic  " + token)) {
      RouteAnswer o = oracle.route(RouteRequest.http("a.example", "/").withHeaders(java.util.Map.of("Authorization", value)));
      EnvoyInterpreter.Answer a = e.interpreter().handle(plain.withHeaders(java.util.Map.of("Authorization", value)));
      assertThat(o.status()).as(value).isEqualTo(200);
      assertThat(a.status()).as(value).isEqualTo(401);
      assertThat(a.responseHeaders()).as(value).containsEntry("WWW-Authenticate", "Basic realm=\"r\"");
    }
    EnvoyInterpreter.Answer right = e.interpreter().handle(plain.withHeaders(java.util.Map.of("Authorization",
        "Basic " + token)));
    assertThat(right.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
  }

  /**
   * A client kept out by a CORS rule's source ranges gets 403 with the CORS headers on a route that
   * proxies (Envoy's filter manager adds the route's response headers to RBAC's local reply), but a
   * rule whose Service has no ready endpoint is a direct 503 route, which has no route entry there:
   * its 403 carries none. Only the headers differ; the client is kept out either way.
   */
  @Test
  void aKeptOutClientOfACorsRuleWithoutEndpointsGets403WithoutTheHeaders() {
    Emitted e = Emitted.of(Manifests.join(EnvoyRoutingCases.ingress("a")
        .annotation("nginx.ingress.kubernetes.io/enable-cors", "true")
        .annotation("nginx.ingress.kubernetes.io/allowlist-source-range", "127.0.0.2")
        .rule("a.example").path("/", "Prefix", "gone", 80).path("/up", "Prefix", "svc-1", 80).yaml(),
        Manifests.service("gone", 80), Manifests.endpointSlice("default", "gone-1", "gone", null, 8080,
            Manifests.notReady("10.0.0.9")), EnvoyRoutingCases.services(1)));
    RouteOracle oracle = new RouteOracle(e.ir());
    for (String path : java.util.List.of("/", "/up")) {
      RouteAnswer o = oracle.route(RouteRequest.http("a.example", path).withSource("127.0.0.1"));
      EnvoyInterpreter.Answer a = e.interpreter().handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT,
          Optional.empty(), "a.example", path).from("127.0.0.1"));
      assertThat(o.status()).as(path).isEqualTo(403);
      assertThat(a.status()).as(path).isEqualTo(403);
      assertThat(o.responseHeaders()).as(path).containsEntry("Access-Control-Allow-Origin", "*");
      if (path.equals("/")) {
        assertThat(a.responseHeaders()).as(path).isEmpty();
      } else {
        assertThat(a.responseHeaders()).as(path).containsEntry("Access-Control-Allow-Origin", "*");
      }
    }
  }

  /**
   * External auth's request goes through Envoy's async client, which marks it {@code x-envoy-internal:
   * true} (AsyncStreamImpl::sendHeaders); nginx and HAProxy send no such field. The script cannot
   * drop it; the service gets one field more, nothing else differs (its X-Forwarded-For is the
   * client's alone: the script asks with send_xff false).
   */
  @Test
  void theAuthRequestCarriesEnvoysInternalMark() {
    try (dev.ingressc.testkit.http.EchoBackends backends = new dev.ingressc.testkit.http.EchoBackends();
        dev.ingressc.testkit.e2e.CaseContext ctx = new dev.ingressc.testkit.e2e.CaseContext(backends)) {
      Emitted e = Emitted.of(ctx.service("default", "app", 80) + dev.ingressc.testkit.fixtures.FlowManifests.ingress(
          "default", "a", "  annotations: {nginx.ingress.kubernetes.io/auth-url: '" + ctx.authUrl() + "'}\n", "",
          dev.ingressc.testkit.fixtures.FlowManifests.rule("a.example",
              dev.ingressc.testkit.fixtures.FlowManifests.prefix("/", "app", 80))));
      EnvoyInterpreter envoy = e.interpreter();
      EnvoyInterpreter.Answer a = envoy.handle(new EnvoyInterpreter.Request(EnvoyRoutingCases.HTTP_PORT,
          Optional.empty(), "a.example", "/").withHeaders(java.util.Map.of(
              dev.ingressc.testkit.http.AuthService.MODE, "allow")));
      assertThat(a.outcome()).as("%s", a.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      EnvoyLuaHttpCall.Sent sent = envoy.lua().sent().get(0);
      assertThat(sent.values("x-envoy-internal")).containsExactly("true");
      assertThat(sent.values("x-forwarded-for")).containsExactly(EnvoyInterpreter.Request.DEFAULT_SOURCE);
      assertThat(ctx.authProblems()).isEmpty();
    }
  }
}
