package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Redirect;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** permanent-redirect and temporal-redirect (SEMANTICS.md, Redirects): read as ingress-nginx does. */
class RouteRedirectsTest {
  private static final String P = "nginx.ingress.kubernetes.io/";

  private static IngressManifest web() {
    return Manifests.ingress("a").created("2024-01-01T00:00:00Z").rule("a.example.com").path("/", "Prefix", "web", 80);
  }

  private static Optional<Redirect> redirectOf(Compiled c) {
    return c.ir().virtualHosts().get(0).routes().get(0).redirect();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "permanent-redirect | https://b.example.com/x?y=1 | '' | '' | 301 | https://b.example.com/x?y=1",
      "permanent-redirect | http://B.example.com:8080 | permanent-redirect-code | 308 | 308 | http://B.example.com:8080/",
      "permanent-redirect | HTTPS://10.1.2.3?q | permanent-redirect-code | 303 | 303 | https://10.1.2.3/?q",
      "temporal-redirect | https://b.example.com/ | '' | '' | 302 | https://b.example.com/",
      "temporal-redirect | https://b.example.com/(a)*+,;=:@!&~ | temporal-redirect-code | 307 | 307 | https://b.example.com/(a)*+,;=:@!&~"})
  void aRedirectGivesTheCodeAndTheLocationAsWritten(String key, String url, String codeKey, String code, int status,
      String location) {
    IngressManifest ing = web().annotation(P + key, url);
    if (!codeKey.isEmpty()) {
      ing = ing.annotation(P + codeKey, code);
    }
    Compiled c = Compiled.docs(ing.yaml(), Manifests.service("web", 80));
    assertThat(c.diagnostics()).isEmpty();
    assertThat(redirectOf(c).map(Redirect::code)).contains(status);
    assertThat(redirectOf(c).map(Redirect::location)).contains(location);
    RouteAnswer a = c.route("a.example.com", "/some/path?and=query");
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.location()).contains(location);
  }

  @Test
  void temporalWinsOverPermanentWithAWarning() {
    Compiled c = Compiled.docs(web().annotation(P + "permanent-redirect", "https://p.example.com/")
        .annotation(P + "temporal-redirect", "https://t.example.com/").yaml(), Manifests.service("web", 80));
    assertThat(redirectOf(c).map(Redirect::location)).contains("https://t.example.com/");
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "metadata.annotations[" + P + "permanent-redirect]"));
  }

  @ParameterizedTest
  @CsvSource({"permanent-redirect, 310, 301", "permanent-redirect, x, 301", "permanent-redirect, 299, 301",
      "temporal-redirect, 308, 302", "temporal-redirect, ' 307', 302"})
  void aCodeOutOfRangeGivesTheDefaultWithAWarning(String key, String code, int status) {
    Compiled c = Compiled.docs(web().annotation(P + key, "https://b.example.com/").annotation(P + key + "-code", code)
        .yaml(), Manifests.service("web", 80));
    assertThat(redirectOf(c).map(Redirect::code)).contains(status);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING,
            "metadata.annotations[" + P + key + "-code]", AnnotationAccounting.INVALID_VALUE));
  }

  @ParameterizedTest
  @CsvSource({"ftp://b.example.com/", "b.example.com/x", "/relative"})
  void aUrlThatIsNotHttpIsIgnoredAsIngressNginxDoesAndTheBackendServes(String url) {
    Compiled c = Compiled.docs(web().annotation(P + "permanent-redirect", url).yaml(), Manifests.service("web", 80));
    assertThat(redirectOf(c)).isEmpty();
    assertThat(c.route("a.example.com", "/").status()).isEqualTo(200);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.WARNING);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"https://b.example.com$request_uri", "https://b.example.com/%20",
      "https://b.example.com/#frag", "https://b.example.com/\"x", "https://b.example.com/ x",
      "https://b.example.com:0/", "https://b.example.com:65536/", "https://[::1]/", "https://user@b.example.com/",
      "https://b.example.com/{x}", "https://é.example.com/"})
  void aUrlNoTargetCanAnswerAlikeRejectsTheIngress(String url) {
    Compiled c = Compiled.docs(web().annotation(P + "permanent-redirect", url).yaml(), Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).contains(Severity.ERROR);
  }

  @ParameterizedTest
  @CsvSource({"300", "304", "305", "306"})
  void aCodeEnvoyAndHaproxyCannotAnswerRejectsTheIngress(String code) {
    Compiled c = Compiled.docs(web().annotation(P + "permanent-redirect", "https://b.example.com/")
        .annotation(P + "permanent-redirect-code", code).yaml(), Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field).contains(
        org.assertj.core.groups.Tuple.tuple(Severity.ERROR, "metadata.annotations[" + P + "permanent-redirect-code]"));
  }

  @Test
  void aCodeWithoutItsUrlIsNoted() {
    Compiled c = Compiled.docs(web().annotation(P + "permanent-redirect-code", "308").yaml(), Manifests.service("web", 80));
    assertThat(redirectOf(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.NOTE);
  }
}
