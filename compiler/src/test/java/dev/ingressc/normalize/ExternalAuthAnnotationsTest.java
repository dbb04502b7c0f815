package dev.ingressc.normalize;

import static dev.ingressc.normalize.OneRouteIngress.P;
import static dev.ingressc.normalize.OneRouteIngress.app;
import static dev.ingressc.normalize.OneRouteIngress.compile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.TargetProfile;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.ir.TargetFeature;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** auth-url and its family (SEMANTICS.md, External auth), read as ingress-nginx reads them, failing closed. */
class ExternalAuthAnnotationsTest {
  private static Optional<ExternalAuth> auth(Compiled c) {
    return c.ir().virtualHosts().isEmpty() ? Optional.empty()
        : c.ir().virtualHosts().get(0).routes().get(0).externalAuth();
  }

  private static IngressManifest guarded(String url) {
    return app("a", "a.example.com").annotation(P + "auth-url", url);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      // auth-url ; https ; host ; port ; path and query ; Host header
      "http://oauth2-proxy.auth.svc.cluster.local/oauth2/auth ; false ; oauth2-proxy.auth.svc.cluster.local ; 80 ; /oauth2/auth ; oauth2-proxy.auth.svc.cluster.local",
      "https://Auth.Example.com:8443/check?x=1&y=%2F ; true ; auth.example.com ; 8443 ; /check?x=1&y=%2F ; auth.example.com:8443",
      "http://10.0.0.7:4180 ; false ; 10.0.0.7 ; 4180 ; / ; 10.0.0.7:4180",
      "http://[fd00::7]:4180/auth ; false ; [fd00::7] ; 4180 ; /auth ; [fd00::7]:4180"})
  void theServiceIsTheUrlAsWritten(String url, boolean https, String host, int port, String pathAndQuery,
      String hostHeader) {
    ExternalAuth a = auth(compile(guarded(url))).orElseThrow();
    assertThat(a.service()).isEqualTo(new ExternalAuth.AuthService(https, host, port, pathAndQuery));
    assertThat(a.service().hostHeader()).isEqualTo(hostHeader);
    assertThat(a.method()).isEqualTo("GET");
    assertThat(a.signIn()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://$host/oauth2/auth", "http://auth/a b", "http://auth/\"x", "ftp://auth/x", "/oauth2/auth",
      "http://auth/x;y", "http://auth/x%zz", "http://auth:70000/x", "http://unix/x", "http://300.1.1.1/x", "http://auth/x#f"})
  void aUrlThatCannotBeUsedAsWrittenRejectsTheIngress(String url) {
    Compiled c = compile(guarded(url));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field)
        .contains("metadata.annotations[" + P + "auth-url]");
  }

  @Test
  void theFamilyIsRead() {
    ExternalAuth a = auth(compile(guarded("http://auth.example.com/check")
        .annotation(P + "auth-method", "POST")
        .annotation(P + "auth-response-headers", "X-User, x-email,X-User")
        .annotation(P + "auth-request-redirect", "/after")
        .annotation(P + "auth-signin", "https://$host/start?x=1"))).orElseThrow();
    assertThat(a.method()).isEqualTo("POST");
    assertThat(a.methodSet()).isTrue();
    assertThat(a.responseHeaders()).containsExactly("x-user", "x-email");
    assertThat(a.requestRedirect()).contains("/after");
    assertThat(a.signIn().orElseThrow().pieces()).containsExactly(new ExternalAuth.Literal("https://"),
        ExternalAuth.Value.HOST, new ExternalAuth.Literal("/start?x=1&rd="), ExternalAuth.Value.SCHEME,
        new ExternalAuth.Literal("://"), ExternalAuth.Value.HTTP_HOST, ExternalAuth.Value.ESCAPED_REQUEST_URI);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      // auth-signin ; redirect param ; the Location for http://a.example.com:8080/x?y=1&z=%20
      "https://login.example.com/start ; - ; https://login.example.com/start?rd=http://a.example.com:8080%2Fx%3Fy%3D1%26z%3D%2520",
      "https://login.example.com/start?rd=$escaped_request_uri ; - ; https://login.example.com/start?rd=%2Fx%3Fy%3D1%26z%3D%2520",
      "https://$host/oauth2/start?rd=$scheme://$http_host$request_uri ; - ; https://a.example.com/oauth2/start?rd=http://a.example.com:8080/x?y=1&z=%20",
      "https://login.example.com/start?rd= ; - ; https://login.example.com/start?rd=&rd=http://a.example.com:8080%2Fx%3Fy%3D1%26z%3D%2520",
      "https://login.example.com/start ; back ; https://login.example.com/start?back=http://a.example.com:8080%2Fx%3Fy%3D1%26z%3D%2520"},
      nullValues = "-")
  void aDeniedRequestIsSentToTheSignInPageWithItsUrl(String signIn, String param, String location) {
    IngressManifest m = guarded("http://auth.example.com/check").annotation(P + "auth-signin", signIn);
    if (param != null) {
      m.annotation(P + "auth-signin-redirect-param", param);
    }
    Compiled c = compile(m);
    RouteAnswer denied = c.route(RouteRequest.http("a.example.com:8080", "/x?y=1&z=%20").withAuthStatus(401));
    assertThat(denied.status()).isEqualTo(302);
    assertThat(denied.location()).contains(location);
  }

  @ParameterizedTest
  @CsvSource({"200, 200", "204, 200", "401, 401", "403, 403", "302, 500", "404, 500", "500, 500", "503, 500"})
  void whatTheServiceAnswersDecides(int service, int client) {
    Compiled c = compile(guarded("http://auth.example.com/check"));
    RouteAnswer a = c.route(RouteRequest.http("a.example.com", "/").withAuthStatus(service));
    assertThat(a.status()).isEqualTo(client);
    assertThat(a.backend().isPresent()).isEqualTo(client == 200);
    assertThat(c.route(RouteRequest.http("a.example.com", "/")).status()).as("not known: explained, not decided")
        .isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "auth-signin ; https://login.example.com/$uri",
      "auth-signin ; javascript:alert(1)",
      "auth-response-headers ; X-User, Bad Name",
      "auth-response-headers ; Content-Length",
      "auth-response-headers ; Transfer-Encoding",
      "auth-response-headers ; Proxy-Authorization",
      "auth-method ; PATCH",
      "auth-method ; get"})
  void aSettingThatWouldWeakenTheCheckRejectsTheIngress(String key, String value) {
    Compiled c = compile(guarded("http://auth.example.com/check").annotation(P + key, value));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).contains("metadata.annotations[" + P + key + "]");
  }

  @Test
  void harmlessMistakesAreWarnedAndDefaulted() {
    Compiled c = compile(guarded("http://auth.example.com/check")
        .annotation(P + "auth-signin-redirect-param", "a b")
        .annotation(P + "auth-request-redirect", "$request_uri"));
    ExternalAuth a = auth(c).orElseThrow();
    assertThat(a.requestRedirect()).isEmpty();
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field).contains(
        "metadata.annotations[" + P + "auth-signin-redirect-param]", "metadata.annotations[" + P + "auth-request-redirect]");
  }

  @Test
  void aCanaryTakesTheMainRoutesAuthAndARedirectNeedsNone() {
    Compiled canary = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        Manifests.serviceAndSlice("next", 80, 8080, "10.9.0.2"),
        guarded("http://auth.example.com/check").yaml(),
        Manifests.ingress("c").created("2024-01-02T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").annotation(P + "auth-url", "http://other/x")
            .rule("a.example.com").path("/", "Prefix", "next", 80).yaml());
    RouteAnswer side = canary.route(RouteRequest.http("a.example.com", "/").withHeaders(Map.of("X-Canary", "always"))
        .withAuthStatus(403));
    assertThat(side.status()).isEqualTo(403);
    Compiled redirecting = compile(guarded("http://auth.example.com/check").annotation(P + "permanent-redirect",
        "https://elsewhere.example.com/"));
    assertThat(auth(redirecting)).isEmpty();
    assertThat(redirecting.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .anyMatch(m -> m.startsWith("no external authentication"));
  }

  @Test
  void aPassedThroughIngressIsRejected() {
    Compiled c = compile(guarded("http://auth.example.com/check").annotation(P + "ssl-passthrough", "true"));
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::message)
        .anyMatch(m -> m.startsWith("external authentication cannot guard a passed-through"));
  }

  @Test
  void aTargetThatLacksItRejectsOnlyThatIngressForItself() {
    String yaml = String.join("---\n", Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"),
        guarded("http://auth.example.com/check").yaml(),
        Manifests.ingress("b").created("2024-01-02T00:00:00Z").rule("b.example.com").path("/", "Prefix", "web", 80).yaml(),
        app("s", "s.example.com").annotation(P + "auth-url", "http://auth.example.com/check")
            .annotation(P + "auth-signin", "https://login.example.com/").yaml());
    Compiled any = Compiled.of(yaml);
    assertThat(any.ir().virtualHosts()).hasSize(3);

    Compiled lacksAuth = Compiled.of(yaml, CompileOptions.defaults().withTarget(
        new TargetProfile("envoy", Set.of(TargetFeature.EXTERNAL_AUTH))));
    assertThat(lacksAuth.ir().virtualHosts()).extracting(v -> v.host()).containsExactly("b.example.com");
    assertThat(lacksAuth.diagnostics(Severity.ERROR)).extracting(Diagnostic::message)
        .anyMatch(m -> m.startsWith("the target envoy cannot do external authentication (auth-url)"));

    Compiled lacksEscaping = Compiled.of(yaml, CompileOptions.defaults().withTarget(
        new TargetProfile("nginx (--format native)", Set.of(TargetFeature.ESCAPED_REQUEST_URI))));
    assertThat(lacksEscaping.ir().virtualHosts()).extracting(v -> v.host())
        .containsExactly("a.example.com", "b.example.com");
    assertThat(lacksEscaping.diagnostics(Severity.ERROR)).extracting(Diagnostic::field)
        .contains("metadata.annotations[" + P + "auth-signin]");
  }

  @Test
  void theEscapingIsEncodeUriComponents() {
    assertThat(ExternalAuth.escapeQueryValue("/a b?c=d&e=%20~!*'()é")).isEqualTo("%2Fa%20b%3Fc%3Dd%26e%3D%2520~!*'()%C3%A9");
    assertThat(List.of(ExternalAuth.hostOf("A.Example.com:8080"), ExternalAuth.hostOf("[FD00::1]:80")))
        .containsExactly("a.example.com", "[fd00::1]");
  }
}
