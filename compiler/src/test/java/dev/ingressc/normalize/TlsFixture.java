package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/**
 * What every TLS test shares: certificates valid at {@link #NOW}, compiling at a fixed clock, the
 * served-over-TLS and HTTP-only checks, and, after each test, that no key leaks into any diagnostic or the IR.
 */
abstract class TlsFixture {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  /** Mid-validity of every certificate made with {@link #cert}. */
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  static final String SECRET_FIELD = "spec.tls[0].secretName";

  /** Every certificate a test used; after each test, no key may appear in any diagnostic or in the IR. */
  private final List<TestCerts.Cert> used = new ArrayList<>();
  final List<Compiled> compiled = new ArrayList<>();

  /** Valid from {@link #START} for 365 days. */
  TestCerts.Builder cert(String cn, String... sans) {
    return TestCerts.cert().cn(cn).san(sans).notBefore(START).validityDays(365);
  }

  TestCerts.Cert use(TestCerts.Cert c) {
    used.add(c);
    return c;
  }

  Compiled compile(Instant now, String... docs) {
    List<String> all = new ArrayList<>(List.of(docs));
    all.add(Manifests.service("web", 80));
    Compiled c = Compiled.of(Manifests.join(all),
        CompileOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC)));
    compiled.add(c);
    return c;
  }

  Compiled compile(String... docs) {
    return compile(NOW, docs);
  }

  static String web(String... tlsHosts) {
    return Manifests.ingress("web").rule("foo.example.com").path("/", "Prefix", "web", 80).tls("cert", tlsHosts).yaml();
  }

  static String secret(TestCerts.Cert c) {
    return Manifests.tlsSecret("default", "cert", c.certificatePem(), c.pkcs8KeyPem());
  }

  static Optional<VirtualHost> vhost(Compiled c, String host) {
    return c.ir().virtualHosts().stream().filter(v -> v.host().equals(host)).findFirst();
  }

  static void assertServedOverTls(Compiled c, String host) {
    assertThat(vhost(c, host).orElseThrow().tls()).as(c.toString()).isPresent();
    RouteAnswer https = c.routeHttps(host, "/x", host);
    assertThat(https.status()).isEqualTo(200);
    assertThat(https.certificate()).contains("default/cert");
    RouteAnswer http = c.route(host, "/x?q=1");
    assertThat(http.status()).isEqualTo(308);
    assertThat(http.location()).contains("https://" + host + "/x?q=1");
  }

  static void assertServedOverHttpOnly(Compiled c, String host) {
    assertThat(vhost(c, host).orElseThrow().tls()).as(c.toString()).isEmpty();
    assertThat(c.route(host, "/x").status()).isEqualTo(200);
    assertThat(c.routeHttps(host, "/x", host).status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
  }

  /**
   * Keys never appear in any output but the emitters' files: not in diagnostics, not in the IR's
   * text. An RSA key also holds the public modulus, which the certificate shows too; so any
   * 24-character piece of a key line that the certificate does not hold must not be shown.
   */
  @AfterEach
  void noKeyLeaks() {
    for (Compiled c : compiled) {
      StringBuilder out = new StringBuilder(c.ir().toString());
      c.diagnostics().forEach(d -> out.append('\n').append(d.format()).append('\n').append(d));
      for (TestCerts.Cert cert : used) {
        assertNoKeyIn(out.toString(), cert);
      }
    }
  }

  static void assertNoKeyIn(String out, TestCerts.Cert cert) {
    String certText = cert.certificatePem().replace("\n", "");
    for (String pem : List.of(cert.pkcs8KeyPem(), cert.legacyKeyPem())) {
      for (String line : pem.split("\n")) {
        if (line.startsWith("-----")) {
          continue;
        }
        for (int i = 0; i + 24 <= line.length(); i += 8) {
          String piece = line.substring(i, i + 24);
          if (!certText.contains(piece)) {
            assertThat(out).as("key material").doesNotContain(piece);
          }
        }
      }
    }
  }

  void assertSecretError(Compiled c, String problem) {
    assertThat(c.diagnostics(Severity.ERROR)).as(c.toString()).containsExactly(new Diagnostic(Severity.ERROR,
        "Ingress default/web", Compiled.FILE, 20, SECRET_FIELD,
        "Secret default/cert: " + problem + "; its hosts are served over HTTP only"));
    assertServedOverHttpOnly(c, "foo.example.com");
    assertThat(c.ir().certificates()).isEmpty();
    assertThat(c.compilation().takenIngresses()).containsExactly("default/web");
  }
}
