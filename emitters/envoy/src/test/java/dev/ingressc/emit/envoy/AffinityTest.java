package dev.ingressc.emit.envoy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.emit.envoy.EnvoyInterpreter.Answer;
import dev.ingressc.testkit.fixtures.Manifests;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Session affinity (SEMANTICS.md, Session affinity; {@link EnvoyAffinity}): the cluster of an
 * upstream with affinity is a ring hash, and every Envoy route to it (canary sides, the default
 * backend, both listeners) hashes by the cookie and generates it with every target's attributes,
 * Secure on the HTTPS listener; a request with the cookie is hashed by its value and gets none. No
 * Envoy runs here: the stickiness itself is measured through real nginx and HAProxy
 * (AffinityContract), and this holds the configuration to the IR through {@link EnvoyAffinityModel}.
 */
class AffinityTest {
  private static final String A = "nginx.ingress.kubernetes.io/";
  private static final String HOST = "s.example";

  /** s.example (TLS too, redirect off): /app to svc-1 (affinity; a header canary to svc-3), /open to svc-2; svc-1 is the default backend too. */
  private static Emitted sticky() {
    dev.ingressc.testkit.fixtures.TestCertificates.Pem pem = dev.ingressc.testkit.fixtures.TestCertificates.forHosts(HOST);
    return Emitted.of(Manifests.join(Manifests.tlsSecret("default", "s-tls", pem.certificate(), pem.key()),
        EnvoyRoutingCases.ingress("sticky").annotation(A + "affinity", "cookie").tls("s-tls", HOST)
            .annotation(A + "session-cookie-name", "route").annotation(A + "session-cookie-max-age", "600")
            .annotation(A + "session-cookie-samesite", "None").annotation(A + "ssl-redirect", "false")
            .defaultBackend("svc-1", 80)
            .rule(HOST).path("/app", "Prefix", "svc-1", 80).yaml(),
        EnvoyRoutingCases.ingress("sticky-canary").annotation(A + "canary", "true")
            .annotation(A + "canary-by-header", "X-Canary").rule(HOST).path("/app", "Prefix", "svc-3", 80).yaml(),
        EnvoyRoutingCases.ingress("open").rule(HOST).path("/open", "Prefix", "svc-2", 80).yaml(),
        EnvoyRoutingCases.services(3)));
  }

  private static EnvoyInterpreter.Request get(boolean tls, String path, Map<String, String> fields) {
    return new EnvoyInterpreter.Request(tls ? EnvoyRoutingCases.HTTPS_PORT : EnvoyRoutingCases.HTTP_PORT,
        tls ? Optional.of(HOST) : Optional.empty(), HOST, path).withHeaders(fields);
  }

  private static Cluster cluster(Emitted e, String service) {
    return e.bootstrap().getStaticResources().getClustersList().stream()
        .filter(c -> c.getName().equals(EnvoyNames.cluster("default/" + service + ":80"))).findFirst().orElseThrow();
  }

  @Test
  void theClusterOfAStickyServiceIsARingAndTheOthersKeepTheirBalancing() {
    Emitted e = sticky();
    assertThat(cluster(e, "svc-1").getLbPolicy()).isEqualTo(Cluster.LbPolicy.RING_HASH);
    assertThat(cluster(e, "svc-2").getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
    assertThat(cluster(e, "svc-3").getLbPolicy()).isEqualTo(Cluster.LbPolicy.ROUND_ROBIN);
  }

  @Test
  void aNewClientGetsTheCookieWithTheAttributesOfEveryTargetSecureOverTls() {
    Emitted e = sticky();
    for (boolean tls : new boolean[] {false, true}) {
      EnvoyInterpreter.Request r = get(tls, "/app/x", Map.of());
      Answer a = e.interpreter().handle(r);
      assertThat(a.outcome()).as(a.trace().toString()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
      RouteAction.HashPolicy.Cookie c = a.route().orElseThrow().getRoute().getHashPolicy(0).getCookie();
      assertThat(c.getName()).isEqualTo("route");
      assertThat(EnvoyAffinityModel.of(a, r).flatMap(EnvoyAffinityModel.Sticky::setCookie)).contains(
          "route=\"<generated>\"; Max-Age=600; Path=/app; SameSite=None" + (tls ? "; Secure" : "") + "; HttpOnly");
      // The IR's attributes, as nginx and HAProxy send them.
      assertThat(EnvoyAffinityModel.problem(new dev.ingressc.route.RouteOracle(e.ir()).route(
          new dev.ingressc.route.RouteRequest(HOST, "/app/x", tls ? Optional.of(HOST) : Optional.empty(),
              EnvoyRoutingCases.HTTPS_PORT)), a, r)).isEmpty();
    }
  }

  @Test
  void aClientWithTheCookieIsHashedByItsValueAndGetsNone() {
    Emitted e = sticky();
    EnvoyInterpreter.Request r = get(false, "/app", Map.of("Cookie", "theme=dark; route=\"abc\""));
    Answer a = e.interpreter().handle(r);
    assertThat(EnvoyAffinityModel.of(a, r)).contains(new EnvoyAffinityModel.Sticky("\"abc\"", Optional.empty()));
  }

  @Test
  void theDefaultBackendIsStickyWithPathSlashAndTheOtherServiceIsNot() {
    Emitted e = sticky();
    EnvoyInterpreter.Request r = get(true, "/elsewhere", Map.of()); // over plain HTTP: the https redirect
    Answer fallback = e.interpreter().handle(r);
    assertThat(fallback.outcome()).as("%s", fallback.trace()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    assertThat(fallback.route().orElseThrow().getRoute().getHashPolicyList()).as("%s", fallback.route()).hasSize(1);
    assertThat(EnvoyAffinityModel.of(fallback, r).flatMap(EnvoyAffinityModel.Sticky::setCookie))
        .contains("route=\"<generated>\"; Max-Age=600; Path=/; SameSite=None; Secure; HttpOnly");
    EnvoyInterpreter.Request open = get(true, "/open", Map.of());
    Answer a = e.interpreter().handle(open);
    assertThat(a.outcome()).isEqualTo(EnvoyInterpreter.Outcome.FORWARDED);
    assertThat(a.route().orElseThrow().getRoute().getHashPolicyList()).isEmpty();
    assertThat(EnvoyAffinityModel.of(a, open)).isEmpty();
  }

  @Test
  void theCanarySideOfAnotherServiceIsNotSticky() {
    Emitted e = sticky();
    EnvoyInterpreter.Request r = get(false, "/app", Map.of("X-Canary", "always"));
    Answer a = e.interpreter().handle(r);
    assertThat(a.cluster().orElseThrow().getName()).isEqualTo(EnvoyNames.cluster("default/svc-3:80"));
    assertThat(EnvoyAffinityModel.of(a, r)).isEmpty();
    EnvoyInterpreter.Request main = get(false, "/app", Map.of("X-Canary", "never"));
    assertThat(EnvoyAffinityModel.of(e.interpreter().handle(main), main)).isPresent();
  }

  @Test
  void affinityReplacesAClientIpHash() {
    Emitted e = Emitted.of(Manifests.join(Manifests.ingressClassWithConfigMap("hash", "load-balance=client-ip-hash"),
        EnvoyRoutingCases.ingress("sticky").className("hash").annotation(A + "affinity", "cookie")
            .rule(HOST).path("/", "Prefix", "svc-1", 80).yaml(), EnvoyRoutingCases.services(1)));
    EnvoyInterpreter.Request r = get(false, "/", Map.of());
    Answer a = e.interpreter().handle(r);
    assertThat(a.route().orElseThrow().getRoute().getHashPolicyList()).hasSize(1)
        .allMatch(RouteAction.HashPolicy::hasCookie);
    assertThat(EnvoyAffinityModel.of(a, r).flatMap(EnvoyAffinityModel.Sticky::setCookie))
        .contains("INGRESSCOOKIE=\"<generated>\"; Path=/; HttpOnly");
  }
}
