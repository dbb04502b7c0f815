package dev.ingressc.normalize;

import static dev.ingressc.normalize.OneRouteIngress.P;
import static dev.ingressc.normalize.OneRouteIngress.app;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.SourceRanges;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** allowlist/whitelist/denylist-source-range (SEMANTICS.md, Source ranges): read, checked, decided by the oracle. */
class SourceRangeAnnotationsTest {
  private static Optional<SourceRanges> ranges(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).sourceRanges();
  }

  private static int status(Compiled c, String host, String source) {
    return c.route(RouteRequest.http(host, "/x").withSource(source)).status();
  }

  @Test
  void rangesAreCanonicalSortedAndDeduplicated() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        app("a", "a.example.com").annotation(P + "allowlist-source-range",
            " 192.168.0.0/16,10.0.0.0/8 , 10.0.0.0/8, 127.0.0.2, 2001:db8::/32").yaml());
    assertThat(c.diagnostics()).isEmpty();
    assertThat(ranges(c).orElseThrow().allow()).extracting(Object::toString).containsExactly("10.0.0.0/8",
        "127.0.0.2/32", "192.168.0.0/16", "2001:db8:0:0:0:0:0:0/32");
    assertThat(ranges(c).orElseThrow().deny()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      // allow ; deny ; client ; status
      "127.0.0.2/32, 10.0.0.0/8 ; 10.1.0.0/16 ; 127.0.0.2 ; 200",
      "127.0.0.2/32, 10.0.0.0/8 ; 10.1.0.0/16 ; 127.0.0.1 ; 403",
      "127.0.0.2/32, 10.0.0.0/8 ; 10.1.0.0/16 ; 10.1.2.3 ; 403",
      "127.0.0.2/32, 10.0.0.0/8 ; 10.1.0.0/16 ; 10.2.0.1 ; 200",
      // Deny first, whatever the allow list holds.
      "10.1.2.3 ; 10.0.0.0/8 ; 10.1.2.3 ; 403",
      "'' ; 127.0.0.0/30 ; 127.0.0.3 ; 403",
      "'' ; 127.0.0.0/30 ; 127.0.0.5 ; 200",
      "2001:db8::/32 ; '' ; 2001:db8::1 ; 200",
      "2001:db8::/32 ; '' ; 2001:db9::1 ; 403",
      // An IPv4 client is never in an IPv6 range.
      "::/0 ; '' ; 127.0.0.1 ; 403"})
  void theOracleDeniesFirstThenAllows(String allow, String deny, String client, int status) {
    IngressManifest m = app("a", "a.example.com");
    if (!allow.isEmpty()) {
      m.annotation(P + "allowlist-source-range", allow);
    }
    if (!deny.isEmpty()) {
      m.annotation(P + "denylist-source-range", deny);
    }
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"), m.yaml());
    assertThat(c.diagnostics()).isEmpty();
    assertThat(status(c, "a.example.com", client)).isEqualTo(status);
  }

  @Test
  void theRangesGuardTheRouteBeforeItsUpstreamsEndpointsCount() {
    Compiled c = Compiled.docs(Manifests.serviceWithPortName("gone", "", 80),
        Manifests.endpointSlice("default", "gone-1", "gone", "", 8080, Manifests.notReady("10.9.0.3")),
        Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        Manifests.ingress("a").created("2024-01-01T00:00:00Z").annotation(P + "allowlist-source-range", "127.0.0.2")
            .rule("a.example.com").path("/", "Prefix", "web", 80).path("/gone", "Prefix", "gone", 80).yaml(),
        app("open", "b.example.com").yaml());
    // A Service without endpoints: 403 for a client kept out, 503 for one let in.
    assertThat(c.route(RouteRequest.http("a.example.com", "/gone").withSource("127.0.0.9")).status()).isEqualTo(403);
    assertThat(c.route(RouteRequest.http("a.example.com", "/gone").withSource("127.0.0.2")).status()).isEqualTo(503);
    assertThat(status(c, "b.example.com", "127.0.0.9")).isEqualTo(200);
    RouteAnswer denied = c.route(RouteRequest.http("a.example.com", "/").withSource("127.0.0.9"));
    assertThat(denied.status()).isEqualTo(RouteAnswer.FORBIDDEN);
    assertThat(denied.backend()).isEmpty();
    assertThat(denied.explanation()).anyMatch(l -> l.contains("127.0.0.9 is kept out: 403 (in no allowed range)"));
    // Without a client address the oracle says what decides, and answers as if let in.
    RouteAnswer unknown = c.route(RouteRequest.http("a.example.com", "/"));
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(unknown.explanation()).anyMatch(l -> l.contains("the client address decides"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"on", "10.0.0.0/33", "10.0.0.256", "10.0.0.0/8;", "10.0.0.0/8,", "example.com", "010.0.0.1",
      "::ffff:10.0.0.1", "1.2.3.4/ 8", "10.0.0.0/08", "fe80::1%eth0"})
  void aRangeThatIsNotOneRejectsTheIngress(String value) {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        app("a", "a.example.com").annotation(P + "whitelist-source-range", value).yaml());
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field)
        .contains("metadata.annotations[" + P + "whitelist-source-range]");
  }

  @Test
  void hostBitsAreClearedWithAWarning() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        app("a", "a.example.com").annotation(P + "denylist-source-range", "10.1.2.3/8").yaml());
    assertThat(ranges(c).orElseThrow().deny()).extracting(Object::toString).containsExactly("10.0.0.0/8");
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.WARNING);
  }

  @Test
  void allowlistWinsOverItsOldNameWithAWarning() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        app("a", "a.example.com").annotation(P + "allowlist-source-range", "127.0.0.2")
            .annotation(P + "whitelist-source-range", "127.0.0.3").yaml());
    assertThat(ranges(c).orElseThrow().allow()).extracting(Object::toString).containsExactly("127.0.0.2/32");
    assertThat(c.diagnostics()).extracting(Diagnostic::field)
        .containsExactly("metadata.annotations[" + P + "whitelist-source-range]");
  }

  @Test
  void aRedirectingIngressAndADefaultBackendAreNeverServedOpenByMistake() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        app("r", "r.example.com").annotation(P + "allowlist-source-range", "127.0.0.2")
            .annotation(P + "permanent-redirect", "https://elsewhere.example.com/").yaml(),
        Manifests.ingress("d").created("2024-01-02T00:00:00Z").annotation(P + "allowlist-source-range", "127.0.0.2")
            .defaultBackend("web", 80).rule("d.example.com").path("/app", "Prefix", "web", 80).yaml());
    // The redirect answers everyone (as in ingress-nginx), with a warning that the ranges do nothing.
    assertThat(c.route(RouteRequest.http("r.example.com", "/").withSource("127.0.0.9")).status())
        .isEqualTo(301);
    // The guarded Ingress's default backend is not served at all, rather than to everyone.
    assertThat(c.ir().defaultBackend()).isEmpty();
    assertThat(status(c, "d.example.com", "127.0.0.9")).isEqualTo(404);
    assertThat(c.diagnostics()).extracting(Diagnostic::field).containsExactlyInAnyOrder(
        "metadata.annotations[" + P + "allowlist-source-range]", "spec.defaultBackend");
  }

  @Test
  void aCanaryTakesTheMainRoutesRangesOnBothSides() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        Manifests.serviceAndSlice("next", 80, 8080, "10.9.0.2"),
        app("main", "a.example.com").annotation(P + "allowlist-source-range", "127.0.0.2").yaml(),
        Manifests.ingress("canary").created("2024-02-01T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").annotation(P + "allowlist-source-range", "0.0.0.0/0")
            .rule("a.example.com").path("/", "Prefix", "next", 80).yaml());
    for (String side : new String[] {"always", "never"}) {
      RouteRequest r = RouteRequest.http("a.example.com", "/").withHeaders(java.util.Map.of("X-Canary", side));
      assertThat(c.route(r.withSource("127.0.0.9")).status()).as(side).isEqualTo(403);
      assertThat(c.route(r.withSource("127.0.0.2")).status()).as(side).isEqualTo(200);
    }
  }

  @Test
  void aPassedThroughHostWithRangesIsRejectedNeverServedOpen() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8443, "10.9.0.1"),
        app("p", "p.example.com").annotation(P + "ssl-passthrough", "true")
            .annotation(P + "allowlist-source-range", "127.0.0.2").yaml());
    assertThat(c.ir().passthroughHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field)
        .contains("metadata.annotations[" + P + "allowlist-source-range]");
  }
}
