package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Rewrite;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** rewrite-target and x-forwarded-prefix (SEMANTICS.md, Rewrites): read, validated and explained. */
class RouteRewritesTest {
  private static final String P = "nginx.ingress.kubernetes.io/";
  private static final String TARGET_FIELD = "metadata.annotations[" + P + "rewrite-target]";

  private static IngressManifest api(String path) {
    return Manifests.ingress("a").created("2024-01-01T00:00:00Z").rule("a.example.com")
        .path(path, "ImplementationSpecific", "web", 80);
  }

  private static Optional<Rewrite> rewriteOf(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).rewrite();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "/api(/|$)(.*) ; /$2 ; /api/users/1?x=%20y ; /users/1?x=%20y",
      "/api(/|$)(.*) ; /$2 ; /API ; /",
      "/api(/|$)(.*) ; /$2 ; /api/a%20b ; /a",
      "/v(\\d+)/(\\w+) ; /$2/v$1/x(y)*+,=:@!~._-& ; /v12/Items ; /Items/v12/x(y)*+,=:@!~._-&",
      "/static ; /assets ; /static/x?q ; /assets?q"})
  void theBackendReceivesTheTargetMadeOfTheCaptures(String path, String target, String request, String received) {
    Compiled c = Compiled.docs(api(path).annotation(P + "rewrite-target", target).yaml(), Manifests.service("web", 80));
    assertThat(c.diagnostics()).isEmpty();
    RouteAnswer a = c.route("a.example.com", request);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.backendTarget()).contains(received);
    assertThat(a.explanation()).anyMatch(l -> l.startsWith("rewrite-target"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/%75sers", "/api//users", "//api/users", "/api/users?", "/api/%7e"})
  void aTargetNotEveryProxyRewritesAlikeGets400(String request) {
    Compiled c = Compiled.docs(api("/api(/|$)(.*)").annotation(P + "rewrite-target", "/$2").yaml(),
        Manifests.service("web", 80));
    assertThat(c.route("a.example.com", request).status()).isEqualTo(400);
  }

  @Test
  void aRouteWithoutRewriteKeepsTheTargetAsSent() {
    Compiled c = Compiled.docs(api("/api(/|$)(.*)").annotation(P + "rewrite-target", "/$2").yaml(),
        Manifests.ingress("b").created("2024-02-01T00:00:00Z").rule("a.example.com").path("/other", "Prefix", "web", 80)
            .yaml(), Manifests.service("web", 80));
    RouteAnswer a = c.route("a.example.com", "/other//x%61");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.backendTarget()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"api/$1", "/$0", "/$x", "/$request_uri", "/$", "/a?b=1", "/a b", "/a\"b", "/a;b", "/a{b}",
      "/a%20", "/a\\b", "/a#b", "/é", "/a'b"})
  void aTargetOutsideTheWhitelistRejectsTheIngress(String target) {
    Compiled c = Compiled.docs(api("/api(/|$)(.*)").annotation(P + "rewrite-target", target).yaml(),
        Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field)
        .contains(org.assertj.core.groups.Tuple.tuple(Severity.ERROR, TARGET_FIELD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"api", "/a b", "/a\"b", "/a$b", "/a%2F", "/a\nb"})
  void aPrefixOutsideTheWhitelistRejectsTheIngress(String prefix) {
    Compiled c = Compiled.docs(api("/api").annotation(P + "rewrite-target", "/").annotation(P + "x-forwarded-prefix",
        prefix).yaml(), Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::field).contains("metadata.annotations[" + P + "x-forwarded-prefix]");
  }

  @Test
  void aCaptureThePathLacksIsEmptyWithAWarning() {
    Compiled c = Compiled.docs(api("/api/(.*)").annotation(P + "rewrite-target", "/$1/$3").yaml(),
        Manifests.service("web", 80));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.WARNING);
    assertThat(rewriteOf(c).flatMap(Rewrite::target).map(t -> t.substitution("$"))).contains("/$1/");
    assertThat(c.route("a.example.com", "/api/x").backendTarget()).contains("/x/");
  }

  @Test
  void aPrefixIsSentFromRegexAndPlainPathsAlike() {
    Compiled regex = Compiled.docs(api("/api").annotation(P + "use-regex", "true")
        .annotation(P + "x-forwarded-prefix", "/api").yaml(), Manifests.service("web", 80));
    assertThat(regex.diagnostics()).isEmpty();
    assertThat(rewriteOf(regex).flatMap(Rewrite::forwardedPrefix)).contains("/api");
    assertThat(regex.route("a.example.com", "/api/x").backendTarget()).isEmpty();
    Compiled plain = Compiled.docs(api("/api").annotation(P + "x-forwarded-prefix", "/api").yaml(),
        Manifests.service("web", 80));
    assertThat(plain.diagnostics()).isEmpty();
    assertThat(rewriteOf(plain).flatMap(Rewrite::forwardedPrefix)).contains("/api");
    assertThat(rewriteOf(plain).flatMap(Rewrite::target)).isEmpty();
    assertThat(plain.route("a.example.com", "/api/x").backendTarget()).isEmpty();
  }

  @Test
  void aRedirectingIngressIgnoresItsRewriteWithAWarning() {
    Compiled c = Compiled.docs(api("/api").annotation(P + "rewrite-target", "/")
        .annotation(P + "permanent-redirect", "https://b.example.com/").yaml(), Manifests.service("web", 80));
    assertThat(rewriteOf(c)).isEmpty();
    assertThat(c.route("a.example.com", "/api").status()).isEqualTo(301);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, TARGET_FIELD));
  }
}
