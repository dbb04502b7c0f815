package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS Secrets: which forms are accepted, and the errors for unusable ones (the host then served over HTTP only). */
class TlsSecretsTest extends TlsFixture {
  // ---- valid Secrets

  @ParameterizedTest
  @EnumSource(TestCerts.KeyType.class)
  void validSecretInEveryKeyForm(TestCerts.KeyType type) {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").keyType(type).generate());
    for (String key : List.of(c.pkcs8KeyPem(), c.legacyKeyPem())) {
      Compiled comp = compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", c.certificatePem(), key));
      assertThat(comp.diagnostics()).as(key.lines().findFirst().get()).isEmpty();
      assertServedOverTls(comp, "foo.example.com");
      TlsCertificate t = comp.ir().certificates().get(0);
      assertThat(t.id()).isEqualTo("default/cert");
      assertThat(t.hosts()).containsExactly("foo.example.com");
      assertThat(t.notAfter()).isEqualTo(c.notAfter());
      assertThat(t.certificatePem()).isEqualTo(c.certificatePem());
      assertThat(t.key().pem()).isEqualTo(key);
    }
  }

  @Test
  void opaqueSecretWithBothKeysIsAccepted() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    Compiled comp = compile(web("foo.example.com"),
        Manifests.secret("default", "cert", "Opaque", c.certificatePem(), c.pkcs8KeyPem()));
    assertThat(comp.diagnostics()).isEmpty();
    assertServedOverTls(comp, "foo.example.com");
  }

  @Test
  void stringDataIsReadToo() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cert\ntype: kubernetes.io/tls\nstringData:\n"
        + "  tls.crt: " + Manifests.quote(c.certificatePem()) + "\n  tls.key: " + Manifests.quote(c.pkcs8KeyPem()) + "\n";
    Compiled comp = compile(web("foo.example.com"), secret);
    assertThat(comp.diagnostics()).isEmpty();
    assertServedOverTls(comp, "foo.example.com");
  }

  // ---- unusable Secrets: error, host served over HTTP only

  @Test
  void missingSecret() {
    assertSecretError(compile(web("foo.example.com")), "does not exist in namespace default");
  }

  @Test
  void secretInAnotherNamespaceDoesNotCount() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    assertSecretError(compile(web("foo.example.com"),
        Manifests.tlsSecret("other", "cert", c.certificatePem(), c.pkcs8KeyPem())), "does not exist in namespace default");
  }

  @ParameterizedTest
  @CsvSource({"kubernetes.io/dockerconfigjson", "kubernetes.io/basic-auth", "Opaque"})
  void wrongType(String type) {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    // an Opaque Secret is fine only with both keys: here it lacks tls.key
    String key = type.equals("Opaque") ? null : c.pkcs8KeyPem();
    assertSecretError(compile(web("foo.example.com"), Manifests.secret("default", "cert", type, c.certificatePem(), key)),
        "has type " + type + "; it must be kubernetes.io/tls, or Opaque with tls.crt and tls.key");
  }

  @Test
  void tlsTypeWithoutKey() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    assertSecretError(compile(web("foo.example.com"),
        Manifests.secret("default", "cert", "kubernetes.io/tls", c.certificatePem(), null)), "has no tls.key");
    assertSecretError(compile(web("foo.example.com"),
        Manifests.secret("default", "cert", "kubernetes.io/tls", null, c.pkcs8KeyPem())), "has no tls.crt");
  }

  @Test
  void certificateThatIsNotPem() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    assertSecretError(compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", "hello", c.pkcs8KeyPem())),
        "tls.crt holds no PEM certificate");
    Compiled broken = compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", c.pkcs8KeyPem()));
    assertThat(broken.diagnostics(Severity.ERROR)).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo(SECRET_FIELD);
      assertThat(d.message()).startsWith("Secret default/cert: tls.crt does not parse as a PEM certificate: ")
          .endsWith("; its hosts are served over HTTP only");
    });
    assertServedOverHttpOnly(broken, "foo.example.com");
  }

  @Test
  void keyThatIsNotPem() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    assertSecretError(compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", c.certificatePem(), "hello")),
        "tls.key is not a usable PEM private key: no PEM private key block");
    String truncated = c.pkcs8KeyPem().replaceAll("\n[A-Za-z0-9+/=]+\n-----END", "\n-----END");
    assertSecretError(compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", c.certificatePem(), truncated)),
        "tls.key is not a usable PEM private key: the private key cannot be parsed as RSA, EC or EdDSA");
  }

  @Test
  void encryptedKeyIsNotSupported() {
    TestCerts.Cert c = use(cert("foo.example.com", "foo.example.com").generate());
    String encrypted = c.pkcs8KeyPem().replace("PRIVATE KEY-----", "ENCRYPTED PRIVATE KEY-----");
    assertSecretError(compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", c.certificatePem(), encrypted)),
        "tls.key is not a usable PEM private key: encrypted private keys are not supported");
  }

  @Test
  void keyThatDoesNotMatchTheCertificate() {
    TestCerts.Cert a = use(cert("foo.example.com", "foo.example.com").variant("a").generate());
    TestCerts.Cert b = use(cert("foo.example.com", "foo.example.com").variant("b").generate());
    TestCerts.Cert ec = use(cert("foo.example.com", "foo.example.com").keyType(TestCerts.KeyType.EC).generate());
    for (String key : List.of(b.pkcs8KeyPem(), b.legacyKeyPem(), ec.pkcs8KeyPem(), ec.legacyKeyPem())) {
      assertSecretError(compile(web("foo.example.com"), Manifests.tlsSecret("default", "cert", a.certificatePem(), key)),
          "tls.key does not match the certificate in tls.crt");
    }
  }

  /** Every Ingress whose host fails the checks gets the error, not just the first to name the Secret. */
  @Test
  void everyIngressNamingABadSecretGetsTheError() {
    Compiled comp = compile(
        Manifests.ingress("one").rule("one.example.com").path("/", "Prefix", "web", 80).tls("cert", "one.example.com").yaml(),
        Manifests.ingress("two").rule("two.example.com").path("/", "Prefix", "web", 80).tls("cert", "two.example.com").yaml());
    assertThat(comp.diagnostics(Severity.ERROR)).extracting(Diagnostic::object, Diagnostic::field, Diagnostic::message)
        .containsExactlyInAnyOrder(
            tuple("Ingress default/one", SECRET_FIELD,
                "Secret default/cert: does not exist in namespace default; its hosts are served over HTTP only"),
            tuple("Ingress default/two", SECRET_FIELD,
                "Secret default/cert: does not exist in namespace default; its hosts are served over HTTP only"));
    assertServedOverHttpOnly(comp, "one.example.com");
    assertServedOverHttpOnly(comp, "two.example.com");
  }

  @Test
  void everyIngressNamingAnExpiredSecretGetsTheWarning() {
    TestCerts.Cert c = use(cert("x", "one.example.com", "two.example.com").generate());
    Compiled comp = compile(c.notAfter().plusSeconds(60),
        Manifests.ingress("one").rule("one.example.com").path("/", "Prefix", "web", 80).tls("cert", "one.example.com").yaml(),
        Manifests.ingress("two").rule("two.example.com").path("/", "Prefix", "web", 80).tls("cert", "two.example.com").yaml(),
        secret(c));
    assertThat(comp.diagnostics(Severity.WARNING)).extracting(Diagnostic::object)
        .containsExactlyInAnyOrder("Ingress default/one", "Ingress default/two");
  }
}
