package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS certificates: expiry, that keys never leak, the default certificate, and what OpenSSL's security level refuses. */
class TlsCertificatesTest extends TlsFixture {
  // ---- expiry

  @Test
  void expiredCertificateIsAWarning() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    Compiled comp = compile(c.notAfter().plusSeconds(1), web("foo.example.com"), secret(c));
    assertThat(comp.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/web", Compiled.FILE,
        20, SECRET_FIELD, "the certificate in Secret default/cert expired on " + c.notAfter()));
    assertThat(comp.diagnostics(Severity.ERROR)).isEmpty();
  }

  @Test
  void certificateExpiringWithin14DaysIsAWarning() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    Instant thirteenDaysBefore = c.notAfter().minus(java.time.Duration.ofDays(13));
    Compiled soon = compile(thirteenDaysBefore, web("foo.example.com"), secret(c));
    assertThat(soon.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/web", Compiled.FILE,
        20, SECRET_FIELD, "the certificate in Secret default/cert expires on " + c.notAfter() + ", within 14 days"));
    assertServedOverTls(soon, "foo.example.com");

    Compiled later = compile(c.notAfter().minus(java.time.Duration.ofDays(15)), web("foo.example.com"), secret(c));
    assertThat(later.diagnostics()).isEmpty();
  }

  // ---- keys never leak

  @Test
  void keysDoNotLeakThroughDiagnosticsOfABrokenSecretFile() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    String[] lines = c.pkcs8KeyPem().split("\n");
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      // one line of the key block is indented wrongly, as a hand edit might do
      key.append(i == 3 ? "   " : "    ").append(lines[i]).append('\n');
    }
    String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cert\ntype: kubernetes.io/tls\nstringData:\n"
        + "  tls.crt: " + Manifests.quote(c.certificatePem()) + "\n  tls.key: |\n" + key;
    Compiled comp = compile(web("foo.example.com"), secret);
    assertThat(comp.diagnostics(Severity.ERROR)).isNotEmpty();
  }

  @Test
  void theKeyIsInTheIrButNotInItsText() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    Compiled comp = compile(web("foo.example.com"), secret(c));
    assertThat(comp.ir().certificates().get(0).key().pem()).isEqualTo(c.pkcs8KeyPem());
    assertThat(comp.ir().toString()).contains("PrivateKeyPem[redacted]");
    assertNoKeyIn(comp.ir().toString(), c);
    // the check can fail: the key's own text holds key material
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertNoKeyIn(c.pkcs8KeyPem(), c)).isInstanceOf(AssertionError.class);
  }

  // ---- default certificate

  @Test
  void defaultCertificateServesUnknownSni() {
    TestCerts.Cert c = use(cert("fallback", "fallback.example.com").generate());
    Compiled comp = Compiled.of(Manifests.join(
            Manifests.ingress("web").rule("foo.example.com").path("/", "Prefix", "web", 80).yaml(),
            Manifests.service("web", 80),
            Manifests.tlsSecret("ops", "fallback", c.certificatePem(), c.pkcs8KeyPem())),
        CompileOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withDefaultCertificate(new dev.ingressc.SecretRef("ops", "fallback")));
    compiled.add(comp);
    assertThat(comp.diagnostics()).isEmpty();
    assertThat(comp.routeHttps("foo.example.com", "/", "foo.example.com").certificate()).contains("ops/fallback");
    assertThat(comp.ir().defaultCertificate().get().id()).isEqualTo("ops/fallback");
  }

  // ---- what OpenSSL's default security level (Debian 12: level 2) refuses; nginx and HAProxy would refuse the config

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1024|SHA256withRSA|tls.crt: the certificate has an RSA key of 1024 bits; OpenSSL's default security level needs at least 2048",
      "2048|SHA1withRSA|tls.crt: the certificate is signed with SHA1withRSA, a digest OpenSSL's default security level refuses; sign it with SHA-256 or stronger",
      "2048|MD5withRSA|tls.crt: the certificate is signed with MD5withRSA, a digest OpenSSL's default security level refuses; sign it with SHA-256 or stronger"})
  void weakCertificateIsRefusedEvenWhenSelfSigned(int bits, String sigAlg, String problem) {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").keySize(bits).sigAlg(sigAlg).generate());
    assertSecretError(compile(web("foo.example.com"), secret(c)), problem);
  }

  @Test
  void strongCertificatesAtTheLimitAreAccepted() {
    TestCerts.Cert rsa = use(cert("foo.example.com", "foo.example.com").sigAlg("SHA224withRSA").generate());
    assertServedOverTls(compile(web("foo.example.com"), secret(rsa)), "foo.example.com");
  }

  @Test
  void weakDefaultCertificateIsRefused() {
    TestCerts.Cert c = use(cert("fallback", "fallback.example.com").keySize(1024).generate());
    Compiled comp = Compiled.of(Manifests.join(
            Manifests.ingress("web").rule("foo.example.com").path("/", "Prefix", "web", 80).yaml(),
            Manifests.service("web", 80),
            Manifests.tlsSecret("ops", "fallback", c.certificatePem(), c.pkcs8KeyPem())),
        CompileOptions.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)).withDefaultCertificate(new dev.ingressc.SecretRef("ops", "fallback")));
    compiled.add(comp);
    assertThat(comp.diagnostics(Severity.ERROR)).containsExactly(new Diagnostic(Severity.ERROR, "", "", 0,
        "--default-certificate", "Secret ops/fallback: tls.crt: the certificate has an RSA key of 1024 bits;"
            + " OpenSSL's default security level needs at least 2048; unknown SNI will be refused"));
    assertThat(comp.ir().defaultCertificate()).isEmpty();
  }
}
