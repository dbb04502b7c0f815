package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Passthrough;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ssl-passthrough (SEMANTICS.md, "TLS passthrough"): decided once in normalize, answered by the oracle. */
class SslPassthroughTest {
  private static final String KEY = SslPassthroughAnnotation.ANNOTATION;

  private static Optional<Passthrough> passthroughOf(Compiled c, String host) {
    return c.ir().virtualHosts().stream().filter(v -> v.host().equals(host)).findFirst()
        .flatMap(VirtualHost::passthrough);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "True", "TRUE", "t", "1"})
  void goBooleansTrueAskForIt(String value) {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, value).rule("pt.example.com")
        .path("/", "Prefix", "tls", 8443).yaml(), Manifests.service("tls", 8443));
    Passthrough p = passthroughOf(c, "pt.example.com").orElseThrow();
    assertThat(p.backend().upstream()).isEqualTo("default/tls:8443");
    assertThat(p.annotation().ingress()).isEqualTo("default/a");
    assertThat(c.ir().hasTlsPort()).isTrue();
    assertThat(c.ir().hasTls()).isFalse();
    assertThat(c.diagnostics()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "0", "F"})
  void goBooleansFalseDoNot(String value) {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, value).rule("pt.example.com")
        .path("/", "Prefix", "tls", 8443).yaml(), Manifests.service("tls", 8443));
    assertThat(passthroughOf(c, "pt.example.com")).isEmpty();
    assertThat(c.ir().hasTlsPort()).isFalse();
    assertThat(c.diagnostics()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "on", " true", ""})
  void otherValuesAreIgnoredWithAWarning(String value) {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, value).rule("pt.example.com")
        .path("/", "Prefix", "tls", 8443).yaml(), Manifests.service("tls", 8443));
    assertThat(passthroughOf(c, "pt.example.com")).isEmpty();
    assertThat(c.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.severity()).isEqualTo(Severity.WARNING);
      assertThat(d.field()).isEqualTo("metadata.annotations[" + KEY + "]");
      assertThat(d.line()).isEqualTo(8);
      assertThat(d.message()).contains("is not a boolean");
    });
  }

  @Test
  void onlyTheRootPathChoosesTheBackendAndEveryOtherInertThingIsWarned() {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, "true")
        .annotation("nginx.ingress.kubernetes.io/backend-protocol", "HTTPS")
        .rule("pt.example.com").path("/api", "Prefix", "api", 80).path("/", "Prefix", "tls", 8443)
        .tls("pt-cert", "pt.example.com").yaml(), Manifests.service("tls", 8443), Manifests.service("api", 80));
    assertThat(passthroughOf(c, "pt.example.com").orElseThrow().backend().upstream()).isEqualTo("default/tls:8443");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field).contains(
        "metadata.annotations[nginx.ingress.kubernetes.io/backend-protocol]", "spec.tls[0]",
        "metadata.annotations[" + KEY + "]");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("path \"/api\"").contains("plain HTTP only"));
  }

  @Test
  void aHostWithoutRootPathOrAWildcardIsNotPassedThrough() {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, "true")
        .rule("pt.example.com").path("/api", "Prefix", "tls", 8443)
        .rule("*.example.com").path("/", "Prefix", "tls", 8443).yaml(), Manifests.service("tls", 8443));
    assertThat(c.ir().passthroughHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("\"pt.example.com\" is not passed through: it has no path \"/\""))
        .anySatisfy(m -> assertThat(m).contains("\"*.example.com\" is not passed through: ingress-nginx passes only exact"));
  }

  @Test
  void anotherIngressOnTheSameHostPassesItThroughToTheRootPathWhoeverOwnsIt() {
    Compiled c = Compiled.docs(
        Manifests.ingress("root").created("2024-01-01T00:00:00Z").rule("pt.example.com").path("/", "Prefix", "tls", 8443).yaml(),
        Manifests.ingress("asks").created("2024-02-01T00:00:00Z").annotation(KEY, "true").rule("pt.example.com")
            .path("/other", "Prefix", "tls", 8443).yaml(),
        Manifests.service("tls", 8443));
    Passthrough p = passthroughOf(c, "pt.example.com").orElseThrow();
    assertThat(p.backend().origin().ingress()).isEqualTo("default/root");
    assertThat(p.annotation().ingress()).isEqualTo("default/asks");
  }

  @Test
  void theOracleAnswersBySniBeforeAnyCertificateOrRouteAndPlainHttpIsStillRouted() {
    Compiled c = Compiled.docs(Manifests.ingress("a").annotation(KEY, "true").rule("pt.example.com")
        .path("/", "Prefix", "tls", 8443).yaml(),
        Manifests.ingress("b").rule("other.example.com").path("/", "Prefix", "web", 80).yaml(),
        Manifests.service("tls", 8443), Manifests.service("web", 80));
    RouteAnswer tls = c.routeHttps("other.example.com", "/", "PT.example.com");
    assertThat(tls.status()).isEqualTo(RouteAnswer.PASSED_THROUGH);
    assertThat(tls.upstream().orElseThrow().name()).isEqualTo("default/tls:8443");
    assertThat(tls.certificate()).isEmpty();
    assertThat(String.join("\n", tls.explanation())).contains("passed through").contains("Ingress default/a");
    // Another SNI on the same port: no certificate here, so refused as before.
    assertThat(c.routeHttps("other.example.com", "/", "other.example.com").status())
        .isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
    RouteAnswer plain = c.route("pt.example.com", "/x");
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.upstream().orElseThrow().name()).isEqualTo("default/tls:8443");
  }
}
