package dev.ingressc.normalize;

import static dev.ingressc.normalize.OneRouteIngress.P;
import static dev.ingressc.normalize.OneRouteIngress.app;
import static dev.ingressc.normalize.OneRouteIngress.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.RateLimit;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** limit-rps, limit-rpm and limit-burst-multiplier (SEMANTICS.md, Rate limits), read as ingress-nginx reads them. */
class RateLimitAnnotationsTest {
  private static Optional<RateLimit> limit(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).rateLimit();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', nullValues = "-", value = {
      // rps ; rpm ; multiplier ; requests ; per minute ; burst ; interval ms
      "5 ; - ; - ; 5 ; false ; 25 ; 200",
      "5 ; - ; 2 ; 5 ; false ; 10 ; 200",
      "- ; 30 ; - ; 30 ; true ; 150 ; 2000",
      "10 ; 600 ; 1 ; 10 ; false ; 10 ; 100",
      "1 ; - ; 0 ; 1 ; false ; 0 ; 1000"})
  void theRateAndBurstAreIngressNginxs(String rps, String rpm, String multiplier, long requests, boolean perMinute,
      long burst, long intervalMs) {
    IngressManifest m = app("a", "a.example.com");
    if (rps != null) {
      m.annotation(P + "limit-rps", rps);
    }
    if (rpm != null) {
      m.annotation(P + "limit-rpm", rpm);
    }
    if (multiplier != null) {
      m.annotation(P + "limit-burst-multiplier", multiplier);
    }
    RateLimit l = limit(compile(m)).orElseThrow();
    assertThat(l).isEqualTo(new RateLimit(requests, perMinute, burst));
    assertThat(l.interval()).isEqualTo(Duration.ofMillis(intervalMs));
    assertThat(l.atOnce()).isEqualTo(burst + 1);
  }

  @Test
  void bothRatesKeepThePerSecondOneWithAWarning() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "limit-rps", "10").annotation(P + "limit-rpm", "600"));
    assertThat(c.diagnostics()).extracting(Diagnostic::message)
        .anyMatch(s -> s.startsWith("ignored: limit-rps is set too"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"limit-rps ; 5r/s", "limit-rps ; -1", "limit-rpm ; 2.5", "limit-rps ; 99999999"})
  void aValueThatIsNoWholeNumberIsIgnoredWithAWarning(String key, String value) {
    Compiled c = compile(app("a", "a.example.com").annotation(P + key, value));
    assertThat(limit(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(s -> s.contains("is not a whole number"));
  }

  @Test
  void zeroIsNoLimitAndABadMultiplierIsTheDefault() {
    assertThat(limit(compile(app("a", "a.example.com").annotation(P + "limit-rps", "0")))).isEmpty();
    Compiled c = compile(app("a", "a.example.com").annotation(P + "limit-rps", "2")
        .annotation(P + "limit-burst-multiplier", "x"));
    assertThat(limit(c)).contains(new RateLimit(2, false, 10));
  }

  @Test
  void aCanarysSidesTakeTheMainRouteLimitAndTheOracleExplainsIt() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        Manifests.serviceAndSlice("next", 80, 8080, "10.9.0.2"),
        app("a", "a.example.com").annotation(P + "limit-rps", "5").yaml(),
        Manifests.ingress("b").created("2024-01-02T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").annotation(P + "limit-rps", "50")
            .rule("a.example.com").path("/", "Prefix", "next", 80).yaml());
    assertThat(limit(c)).contains(new RateLimit(5, false, 25));
    var a = c.route(RouteRequest.http("a.example.com", "/").withHeaders(Map.of("X-Canary", "always")));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.explanation()).anyMatch(l -> l.contains("rate limit of Ingress default/a: 5 requests per second,"
        + " burst 25 per client address, so a client's request beyond 26 at once, or faster than one every 200 ms"
        + " after them, gets 503"));
  }

  @Test
  void aRedirectingIngressGetsNoLimit() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "limit-rps", "5")
        .annotation(P + "permanent-redirect", "https://b.example.com/"));
    assertThat(limit(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(s -> s.startsWith("no rate limit"));
  }

  @Test
  void limitWhitelistExemptsItsRangesAndIgnoresWhatIsNone() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "limit-rps", "5")
        .annotation(P + "limit-whitelist", " 10.1.2.3/8, 192.168.0.7,2001:db8::/32, not-a-range, 300.1.1.1"));
    RateLimit l = limit(c).orElseThrow();
    assertThat(l.exempt()).extracting(Object::toString)
        .containsExactly("10.0.0.0/8", "192.168.0.7/32", "2001:db8:0:0:0:0:0:0/32");
    assertThat(l.exempts(dev.ingressc.route.RouteRequest.address("10.200.0.1"))).isTrue();
    assertThat(l.exempts(dev.ingressc.route.RouteRequest.address("192.168.0.8"))).isFalse();
    assertThat(l.exempts(dev.ingressc.route.RouteRequest.address("2001:db8::1"))).isTrue();
    assertThat(c.diagnostics(dev.ingressc.diag.Severity.WARNING)).extracting(dev.ingressc.diag.Diagnostic::message)
        .anyMatch(m -> m.contains("\"not-a-range\" is not an IPv4 or IPv6 address or CIDR: ignored"))
        .anyMatch(m -> m.contains("\"300.1.1.1\""));
    var exempt = c.route(dev.ingressc.route.RouteRequest.http("a.example.com", "/").withSource("10.9.9.9"));
    assertThat(exempt.explanation()).anyMatch(w -> w.contains("is in its limit-whitelist, so it is never limited"));
    var limited = c.route(dev.ingressc.route.RouteRequest.http("a.example.com", "/").withSource("11.0.0.1"));
    assertThat(limited.explanation()).anyMatch(w -> w.contains("(limit-whitelist) are never limited"));
  }

  @Test
  void limitAllowlistIsTheNewerNameAndWins() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "limit-rps", "5")
        .annotation(P + "limit-whitelist", "10.0.0.0/8").annotation(P + "limit-allowlist", "192.168.0.0/16"));
    assertThat(limit(c).orElseThrow().exempt()).extracting(Object::toString).containsExactly("192.168.0.0/16");
    assertThat(c.diagnostics(dev.ingressc.diag.Severity.WARNING)).extracting(dev.ingressc.diag.Diagnostic::message)
        .anyMatch(m -> m.contains("limit-allowlist, its newer name, is set too and wins"));
  }

  @Test
  void limitConnectionsIsPerRouteWithTheWhitelistAndATargetWithoutItRejectsTheIngress() {
    IngressManifest m = app("a", "a.example.com").annotation(P + "limit-connections", "3")
        .annotation(P + "limit-whitelist", "10.0.0.0/8, nonsense");
    Compiled c = compile(m);
    dev.ingressc.ir.ConnectionLimit l = c.ir().virtualHosts().get(0).routes().get(0).connectionLimit().orElseThrow();
    assertThat(l.connections()).isEqualTo(3);
    assertThat(l.exempt()).extracting(Object::toString).containsExactly("10.0.0.0/8");
    // The whitelist's warning is said once, here for the connection limit (no rate is set).
    assertThat(c.diagnostics(dev.ingressc.diag.Severity.WARNING)).extracting(dev.ingressc.diag.Diagnostic::message)
        .filteredOn(w -> w.contains("nonsense")).hasSize(1);
    assertThat(c.route(dev.ingressc.route.RouteRequest.http("a.example.com", "/").withSource("11.0.0.1")).explanation())
        .anyMatch(w -> w.contains("at most 3 requests per client address in progress at once; one more gets 503"));
    assertThat(c.route(dev.ingressc.route.RouteRequest.http("a.example.com", "/").withSource("10.0.0.1")).explanation())
        .anyMatch(w -> w.contains("is in its limit-whitelist, so it is never limited"));
    // 0 is no limit, as in ingress-nginx; a value that is no number is ignored with a warning.
    assertThat(compile(app("a", "a.example.com").annotation(P + "limit-connections", "0")).ir().virtualHosts().get(0)
        .routes().get(0).connectionLimit()).isEmpty();
    // A target that lacks it (Envoy) rejects the Ingress, for that target only.
    Compiled envoy = Compiled.of(dev.ingressc.testkit.fixtures.Manifests.join(
        dev.ingressc.testkit.fixtures.Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"), m.yaml()),
        dev.ingressc.CompileOptions.defaults().withTarget(new dev.ingressc.TargetProfile("envoy",
            java.util.Set.of(dev.ingressc.ir.TargetFeature.CONNECTION_LIMITS))));
    assertThat(envoy.ir().virtualHosts()).isEmpty();
    assertThat(envoy.diagnostics(dev.ingressc.diag.Severity.ERROR)).anySatisfy(d -> {
      assertThat(d.code()).isEqualTo(dev.ingressc.annotations.AnnotationAccounting.TARGET_LACKS);
      assertThat(d.field()).isEqualTo("metadata.annotations[" + P + "limit-connections]");
    });
  }
}
