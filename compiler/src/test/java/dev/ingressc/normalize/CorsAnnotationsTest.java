package dev.ingressc.normalize;

import static dev.ingressc.normalize.OneRouteIngress.P;
import static dev.ingressc.normalize.OneRouteIngress.app;
import static dev.ingressc.normalize.OneRouteIngress.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Cors;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** enable-cors and the cors-* settings (SEMANTICS.md, CORS): read with ingress-nginx's defaults, decided by the oracle. */
class CorsAnnotationsTest {
  private static Optional<Cors> cors(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).cors();
  }

  private static RouteAnswer ask(Compiled c, String method, String origin) {
    RouteRequest r = RouteRequest.http("a.example.com", "/x").withMethod(method);
    return c.route(origin == null ? r : r.withHeaders(Map.of("Origin", origin)));
  }

  @Test
  void enabledAloneTakesIngressNginxsDefaults() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "true"));
    assertThat(c.diagnostics()).isEmpty();
    Cors cors = cors(c).orElseThrow();
    assertThat(cors.anyOrigin()).isTrue();
    assertThat(cors.headers("*")).containsExactly(Map.entry("Access-Control-Allow-Origin", "*"),
        Map.entry("Access-Control-Allow-Credentials", "true"),
        Map.entry("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, PATCH, OPTIONS"),
        Map.entry("Access-Control-Allow-Headers", "DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,"
            + "Cache-Control,Content-Type,Range,Authorization"),
        Map.entry("Access-Control-Max-Age", "1728000"));
  }

  @Test
  void cors_settingsWithoutEnableCorsDoNothing() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "false")
        .annotation(P + "cors-allow-origin", "https://a.example.com"));
    assertThat(cors(c)).isEmpty();
    assertThat(ask(c, "OPTIONS", "https://a.example.com").status()).isEqualTo(200);
  }

  @Test
  void settingsAreReadAndOriginsLowerCasedAndSorted() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "True")
        .annotation(P + "cors-allow-origin", " https://B.example.com:8443, http://*.example.org ,https://a.example.com")
        .annotation(P + "cors-allow-methods", "GET, POST").annotation(P + "cors-allow-headers", "X-Token,Content-Type")
        .annotation(P + "cors-expose-headers", "X-Total, *").annotation(P + "cors-allow-credentials", "false")
        .annotation(P + "cors-max-age", "600"));
    assertThat(c.diagnostics()).isEmpty();
    Cors cors = cors(c).orElseThrow();
    assertThat(cors.origins()).containsExactly("http://*.example.org", "https://a.example.com",
        "https://b.example.com:8443");
    assertThat(cors.originPattern()).isEqualTo(
        "http://[A-Za-z0-9-]+\\.example\\.org|https://a\\.example\\.com|https://b\\.example\\.com:8443");
    assertThat(cors.headers("https://a.example.com")).containsExactly(
        Map.entry("Access-Control-Allow-Origin", "https://a.example.com"),
        Map.entry("Access-Control-Allow-Methods", "GET, POST"),
        Map.entry("Access-Control-Allow-Headers", "X-Token,Content-Type"),
        Map.entry("Access-Control-Expose-Headers", "X-Total, *"), Map.entry("Access-Control-Max-Age", "600"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', nullValues = "-", value = {
      // origin sent ; allowed?
      "https://a.example.com ; true",
      "HTTPS://A.EXAMPLE.COM ; true",
      "https://a.example.com:443 ; false",
      "https://evil-a.example.com ; false",
      "https://a.example.com.evil.test ; false",
      "http://a.example.com ; false",
      "http://x.example.org ; true",
      "http://x-1.example.org ; true",
      // The wildcard stands for one label, not for none or two.
      "http://example.org ; false",
      "http://a.b.example.org ; false",
      "- ; false"})
  void anOriginIsAllowedWholeIgnoringCase(String origin, boolean allowed) {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "true")
        .annotation(P + "cors-allow-origin", "https://a.example.com, http://*.example.org"));
    RouteAnswer get = ask(c, "GET", origin);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.responseHeaders()).isEqualTo(allowed ? cors(c).orElseThrow().headers(origin) : Map.of());
    RouteAnswer preflight = ask(c, "OPTIONS", origin);
    // An OPTIONS from an origin not allowed is any request: the backend answers it.
    assertThat(preflight.status()).isEqualTo(allowed ? 204 : 200);
    assertThat(preflight.backend().isPresent()).isEqualTo(!allowed);
  }

  @Test
  void anyOriginAnswersEveryOptionsAndHeadsEveryAnswer() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "true"));
    assertThat(ask(c, "OPTIONS", null).status()).isEqualTo(RouteAnswer.NO_CONTENT);
    assertThat(ask(c, "OPTIONS", "https://anyone.test").status()).isEqualTo(RouteAnswer.NO_CONTENT);
    // Methods are case-sensitive: "options" is another method, proxied.
    assertThat(ask(c, "options", "https://anyone.test").status()).isEqualTo(200);
    RouteAnswer get = ask(c, "GET", null);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.responseHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
    assertThat(get.explanation()).anyMatch(l -> l.contains("CORS of Ingress default/a (origins: any)"));
  }

  @Test
  void aPreflightIsAnsweredBeforeTheRangesWhoseCarriesTheHeadersAndNeedsNoEndpoint() {
    Compiled c = Compiled.docs(Manifests.serviceWithPortName("gone", "", 80),
        Manifests.endpointSlice("default", "gone-1", "gone", "", 8080, Manifests.notReady("10.9.0.3")),
        Manifests.ingress("a").created("2024-01-01T00:00:00Z").annotation(P + "enable-cors", "true")
            .annotation(P + "allowlist-source-range", "127.0.0.2").rule("a.example.com")
            .path("/", "Prefix", "gone", 80).yaml());
    RouteRequest preflight = RouteRequest.http("a.example.com", "/").withMethod("OPTIONS");
    // As ingress-nginx answers the preflight in its rewrite phase, before its access phase's deny.
    RouteAnswer preflightKept = c.route(preflight.withSource("127.0.0.9"));
    assertThat(preflightKept.status()).isEqualTo(204);
    assertThat(preflightKept.decidedBy()).isEqualTo(RouteAnswer.Step.CORS_PREFLIGHT);
    assertThat(c.route(preflight.withSource("127.0.0.2")).status()).isEqualTo(204);
    // Any other request a range keeps out gets 403, with the headers (ingress-nginx's more_set_headers).
    RouteAnswer kept = c.route(RouteRequest.http("a.example.com", "/").withSource("127.0.0.9"));
    assertThat(kept.status()).isEqualTo(403);
    assertThat(kept.decidedBy()).isEqualTo(RouteAnswer.Step.SOURCE_RANGES);
    assertThat(kept.responseHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
    RouteAnswer unavailable = c.route(RouteRequest.http("a.example.com", "/").withSource("127.0.0.2"));
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.responseHeaders()).containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void aCanarysSidesTakeTheMainIngresssPolicy() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        Manifests.serviceAndSlice("next", 80, 8080, "10.9.0.2"),
        app("a", "a.example.com").annotation(P + "enable-cors", "true")
            .annotation(P + "cors-allow-origin", "https://a.example.com").yaml(),
        Manifests.ingress("b").created("2024-01-02T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").annotation(P + "enable-cors", "true")
            .rule("a.example.com").path("/", "Prefix", "next", 80).yaml());
    RouteAnswer canary = c.route(RouteRequest.http("a.example.com", "/")
        .withHeaders(Map.of("X-Canary", "always", "Origin", "https://a.example.com")));
    assertThat(canary.backend().orElseThrow().ref().display()).contains("next");
    assertThat(canary.responseHeaders()).containsEntry("Access-Control-Allow-Origin", "https://a.example.com");
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " | ", value = {
      "enable-cors | yes | is not a boolean",
      "cors-allow-methods | GET;POST | is not a list of methods",
      // A line break would split the response's header.
      "cors-allow-headers | X-A%nX-B | is not a list of header names",
      "cors-allow-origin | https://a.example.com/path, https://b.example.com | is not an origin",
      "cors-allow-origin | *, https://b.example.com | * allows any origin only alone",
      "cors-max-age | 1h | is not a whole number of seconds"})
  void aValueIngressNginxWouldNotTakeIsWarned(String key, String written, String says) {
    String value = written.replace("%n", "\n");
    IngressManifest m = app("a", "a.example.com").annotation(P + key, value);
    if (!key.equals("enable-cors")) {
      m.annotation(P + "enable-cors", "true");
    }
    Compiled c = compile(m);
    assertThat(c.diagnostics()).filteredOn(d -> d.severity() == Severity.WARNING).extracting(Diagnostic::message)
        .anyMatch(s -> s.contains(says));
    assertThat(c.diagnostics()).noneMatch(d -> d.severity() == Severity.ERROR);
    if (!key.equals("enable-cors")) {
      // The setting falls back; the Ingress keeps its policy (only b.example.com is left of the origins).
      assertThat(cors(c)).isPresent();
    }
  }

  @Test
  void anOriginListWithoutAnOriginGivesNoCorsRatherThanAny() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "true")
        .annotation(P + "cors-allow-origin", "a.example.com"));
    assertThat(cors(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message)
        .anyMatch(s -> s.contains("no entry is an origin: no CORS for the Ingress"));
    assertThat(ask(c, "OPTIONS", "https://a.example.com").status()).isEqualTo(200);
  }

  @Test
  void aRedirectingIngressGetsNoPolicy() {
    Compiled c = compile(app("a", "a.example.com").annotation(P + "enable-cors", "true")
        .annotation(P + "permanent-redirect", "https://b.example.com/"));
    assertThat(cors(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(s -> s.startsWith("no CORS headers"));
  }
}
