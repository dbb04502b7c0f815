package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.annotations.AnnotationAccounting;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.AppRoot;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** app-root (SEMANTICS.md, Redirects): read as ingress-nginx does, applied to the whole host. */
class AppRootsTest {
  private static final String KEY = "nginx.ingress.kubernetes.io/app-root";
  private static final String FIELD = "metadata.annotations[" + KEY + "]";

  private static IngressManifest web(String name, String created) {
    return Manifests.ingress(name).created(created).rule("a.example.com").path("/", "Prefix", "web", 80);
  }

  private static Optional<AppRoot> appRootOf(Compiled c) {
    return c.ir().virtualHosts().get(0).appRoot();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/app1 | a.example.com | / | 302 | http://a.example.com/app1",
      "/app1 | A.Example.com:8080 | /?q=1&r=2 | 302 | http://A.Example.com:8080/app1",
      "/app1 | a.example.com | // | 302 | http://a.example.com/app1",
      "/a?x=(1)&y=* | a.example.com | / | 302 | http://a.example.com/a?x=(1)&y=*",
      "/app1 | a.example.com | /app1 | 200 | ''",
      "/app1 | a.example.com | /x?y=/ | 200 | ''"})
  void onlyTheRootIsRedirectedToSchemeHostAsSentAndTheRootItsQueryDropped(String root, String host, String path,
      int status, String location) {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, root).yaml(), Manifests.service("web", 80));
    assertThat(c.diagnostics()).isEmpty();
    assertThat(appRootOf(c).map(AppRoot::path)).contains(root);
    RouteAnswer a = c.route(host, path);
    assertThat(a.status()).isEqualTo(status);
    assertThat(a.location()).isEqualTo(location.isEmpty() ? Optional.empty() : Optional.of(location));
  }

  @Test
  void overHttpsTheSchemeIsHttpsAndPlainHttpToATlsHostGetsTheHttpsRedirectFirst() {
    var pem = dev.ingressc.testkit.fixtures.TestCertificates.forHosts("a.example.com");
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, "/s").tls("cert", "a.example.com").yaml(),
        Manifests.service("web", 80), Manifests.tlsSecret("default", "cert", pem.certificate(), pem.key()));
    assertThat(c.routeHttps("a.example.com", "/?t=1", "a.example.com").location()).contains("https://a.example.com/s");
    RouteAnswer plain = c.route("a.example.com", "/?t=1");
    assertThat(plain.status()).isEqualTo(308);
    assertThat(plain.location()).contains("https://a.example.com/?t=1");
  }

  @Test
  void itAppliesToTheWholeHostAndWarnsTheIngressWhoseRootIsTaken() {
    Compiled c = Compiled.docs(
        Manifests.ingress("root").created("2024-01-01T00:00:00Z").annotation(KEY, "/start")
            .rule("a.example.com").path("/x", "Exact", "web", 80).yaml(),
        web("rest", "2024-01-02T00:00:00Z").yaml(), Manifests.service("web", 80));
    assertThat(c.route("a.example.com", "/").location()).contains("http://a.example.com/start");
    assertThat(c.route("a.example.com", "/y").status()).isEqualTo(200);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object)
        .containsExactly(Tuple.tuple(Severity.WARNING, "Ingress default/rest"));
  }

  @Test
  void theOldestIngressNamesTheRootAndALaterDifferentOneIsWarned() {
    Compiled c = Compiled.docs(web("new", "2024-01-02T00:00:00Z").annotation(KEY, "/new").yaml(),
        Manifests.ingress("old").created("2024-01-01T00:00:00Z").annotation(KEY, "/old")
            .rule("a.example.com").path("/o", "Prefix", "web", 80).yaml(), Manifests.service("web", 80));
    assertThat(appRootOf(c).map(AppRoot::path)).contains("/old");
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field)
        .contains(Tuple.tuple(Severity.WARNING, FIELD));
  }

  @ParameterizedTest
  @CsvSource({"app1", "https://b.example.com/x", "./x"})
  void aValueThatIsNotAPathIsIgnoredWithAWarningAsIngressNginxDoes(String root) {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, root).yaml(), Manifests.service("web", 80));
    assertThat(appRootOf(c)).isEmpty();
    assertThat(c.route("a.example.com", "/").status()).isEqualTo(200);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::code)
        .containsExactly(Tuple.tuple(Severity.WARNING, FIELD, AnnotationAccounting.INVALID_VALUE));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"/x$request_uri", "/%20", "/a#b", "/a\"b", "/a b", "/{x}", "/é", "/a'b",
      "/a\\b"})
  void aPathNoTargetCanAnswerAlikeRejectsTheIngress(String root) {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, root).yaml(), Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field).contains(Tuple.tuple(Severity.ERROR, FIELD));
  }

  @Test
  void aTooLongPathRejectsTheIngress() {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, "/" + "a".repeat(1024)).yaml(),
        Manifests.service("web", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
  }
}
