package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ssl-redirect and force-ssl-redirect per Ingress (SEMANTICS.md, TLS), as the oracle answers them. */
class SslRedirectsTest {
  private static final String P = "nginx.ingress.kubernetes.io/";

  private static RouteAnswer plainHttp(Compiled c, String host, String target) {
    return new RouteOracle(c.ir()).route(new RouteRequest(host, target, Optional.empty(), 443));
  }

  /** Host a.example.com over TLS: "/" from Ingress main (no annotation), "/x" from Ingress x with {@code annotations}. */
  private static Compiled tlsHost(String key, String value) {
    var pem = dev.ingressc.testkit.fixtures.TestCertificates.forHosts("a.example.com");
    return Compiled.docs(Manifests.ingress("main").created("2024-01-01T00:00:00Z").tls("cert", "a.example.com")
            .rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        Manifests.ingress("x").created("2024-02-01T00:00:00Z").annotation(P + key, value)
            .rule("a.example.com").path("/x", "Prefix", "web", 80).rule("b.example.com").path("/x", "Prefix", "web", 80)
            .yaml(),
        Manifests.service("web", 80), Manifests.tlsSecret("default", "cert", pem.certificate(), pem.key()));
  }

  @ParameterizedTest
  @CsvSource({
      // key, value, status of http://a/x, of http://a/ (class default), of http://b/x (no TLS)
      "ssl-redirect, false, 200, 308, 200", "ssl-redirect, 'False', 200, 308, 200", "ssl-redirect, true, 308, 308, 200",
      "force-ssl-redirect, true, 308, 308, 308", "force-ssl-redirect, '0', 308, 308, 200",
      "ssl-redirect, yes, 308, 308, 200"})
  void theWinningRouteDecidesOnPlainHttp(String key, String value, int x, int root, int other) {
    Compiled c = tlsHost(key, value);
    assertThat(plainHttp(c, "a.example.com", "/x/y?z=1").status()).isEqualTo(x);
    assertThat(plainHttp(c, "a.example.com", "/").status()).isEqualTo(root);
    assertThat(plainHttp(c, "b.example.com", "/x").status()).isEqualTo(other);
    if (x == 308) {
      assertThat(plainHttp(c, "a.example.com", "/x/y?z=1").location()).contains("https://a.example.com/x/y?z=1");
    }
    boolean valid = !value.equals("yes");
    assertThat(c.diagnostics()).filteredOn(d -> d.severity() == Severity.WARNING).extracting(Diagnostic::field)
        .containsExactlyElementsOf(valid ? java.util.List.of() : java.util.List.of("metadata.annotations[" + P + key + "]"));
  }
}
