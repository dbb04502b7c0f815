package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** from-to-www-redirect (SEMANTICS.md, Redirects): read as ingress-nginx does, answered by the oracle. */
class WwwRedirectsTest {
  private static final String KEY = "nginx.ingress.kubernetes.io/from-to-www-redirect";
  private static final String FIELD = "metadata.annotations[" + KEY + "]";

  private static IngressManifest ingress(String name, String host) {
    return Manifests.ingress(name).created("2024-01-01T00:00:00Z").rule(host).path("/", "Prefix", "web", 80);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a.example.com | www.a.example.com | / | http://a.example.com/",
      "a.example.com | WWW.A.example.com:8080 | /x/?q=/ | http://a.example.com/x/?q=/",
      "a.example.com | www.a.example.com | /x/y/ | http://a.example.com/x/y",
      "a.example.com | www.a.example.com | // | http://a.example.com/",
      "a.example.com | www.a.example.com | /%61/ | http://a.example.com/%61",
      "www.b.example.com | b.example.com | /p/ | http://www.b.example.com/p"})
  void theTwinGets308ToTheHostTheTargetKeptLessOneTrailingSlash(String host, String request, String target,
      String location) {
    Compiled c = Compiled.docs(ingress("a", host).annotation(KEY, "true").yaml(), Manifests.service("web", 80));
    assertThat(c.diagnostics()).isEmpty();
    RouteAnswer a = c.route(request, target);
    assertThat(a.status()).isEqualTo(308);
    assertThat(a.location()).contains(location);
    assertThat(c.route(host, target).status()).isEqualTo(200);
  }

  @Test
  void overTlsTheSchemeIsHttpsWithTheHttpsPort() {
    Compiled c = Compiled.docs(ingress("a", "a.example.com").annotation(KEY, "true").yaml(), Manifests.service("web", 80));
    RouteAnswer a = new RouteOracle(c.ir()).route(new RouteRequest("www.a.example.com", "/x/", Optional.of("www.a.example.com"), 8443));
    // No certificate serves the twin here: the handshake is refused, as for any such name.
    assertThat(a.status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
    var pem = dev.ingressc.testkit.fixtures.TestCertificates.forHosts("a.example.com", "www.a.example.com");
    Compiled t = Compiled.docs(ingress("a", "a.example.com").annotation(KEY, "true")
            .tls("cert", "a.example.com", "www.a.example.com").yaml(),
        Manifests.service("web", 80), Manifests.tlsSecret("default", "cert", pem.certificate(), pem.key()));
    RouteAnswer b = new RouteOracle(t.ir()).route(new RouteRequest("www.a.example.com", "/x/", Optional.of("www.a.example.com"), 8443));
    assertThat(b.location()).contains("https://a.example.com:8443/x");
  }

  @Test
  void aTwinThatIsARuleHostIsServedAsItselfWithAWarning() {
    Compiled c = Compiled.docs(ingress("a", "a.example.com").annotation(KEY, "true").yaml(),
        ingress("w", "www.a.example.com").yaml(), Manifests.service("web", 80));
    assertThat(c.route("www.a.example.com", "/").status()).isEqualTo(200);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::object)
        .containsExactly(Tuple.tuple(Severity.WARNING, FIELD, "Ingress default/a"));
  }

  @Test
  void aWildcardHostHasNoTwinAndTheTwinBeatsAWildcardRule() {
    Compiled c = Compiled.docs(ingress("a", "*.a.example.com").annotation(KEY, "true").yaml(),
        ingress("b", "a.example.com").annotation(KEY, "true").yaml(), Manifests.service("web", 80));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.WARNING);
    assertThat(c.route("www.a.example.com", "/").status()).isEqualTo(308);
    assertThat(c.route("x.a.example.com", "/").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({"yes", "on", "' true'"})
  void aValueThatIsNotABooleanIsIgnoredWithAWarning(String value) {
    Compiled c = Compiled.docs(ingress("a", "a.example.com").annotation(KEY, value).yaml(), Manifests.service("web", 80));
    assertThat(c.route("www.a.example.com", "/").status()).isEqualTo(404);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::code)
        .containsExactly(Tuple.tuple(Severity.WARNING, FIELD, AnnotationAccounting.INVALID_VALUE));
  }
}
