package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.TlsCertificate;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS: Secret checks, host coverage (SAN, CN, RFC 6125 wildcards), expiry, and that keys never leak. */
class TlsTest {
  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  /** Mid-validity of every certificate made with {@link #cert}. */
  static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");
  static final String SECRET_FIELD = "spec.tls[0].secretName";

  /** Every certificate a test used; after each test, no key may appear in any diagnostic or in the IR. */
  private final List<TestCerts.Cert> used = new ArrayList<>();
  private final List<Compiled> compiled = new ArrayList<>();

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

  void assertSecretError(Compiled c, String problem) {
    assertThat(c.diagnostics(Severity.ERROR)).as(c.toString()).containsExactly(new Diagnostic(Severity.ERROR,
        "Ingress default/web", Compiled.FILE, 20, SECRET_FIELD,
        "Secret default/cert: " + problem + "; its hosts are served over HTTP only"));
    assertServedOverHttpOnly(c, "foo.example.com");
    assertThat(c.ir().certificates()).isEmpty();
    assertThat(c.compilation().takenIngresses()).containsExactly("default/web");
  }

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

  // ---- host coverage

  @Test
  void hostNotCoveredBySan() {
    TestCerts.Cert c = use(cert("foo.example.com", "bar.example.com", "baz.example.com").generate());
    Compiled comp = compile(web("foo.example.com"), secret(c));
    assertThat(comp.diagnostics(Severity.ERROR)).containsExactly(new Diagnostic(Severity.ERROR, "Ingress default/web",
        Compiled.FILE, 22, "spec.tls[0].hosts[0]", "the certificate of Secret default/cert does not cover"
            + " \"foo.example.com\" (it covers bar.example.com, baz.example.com); the host is served over HTTP only"));
    assertServedOverHttpOnly(comp, "foo.example.com");
  }

  @Test
  void cnIsUsedOnlyWhenThereIsNoSan() {
    TestCerts.Cert cnOnly = use(cert("foo.example.com").generate());
    Compiled ok = compile(web("foo.example.com"), secret(cnOnly));
    assertThat(ok.diagnostics()).isEmpty();
    assertServedOverTls(ok, "foo.example.com");

    TestCerts.Cert cnAndOtherSan = use(cert("foo.example.com", "other.example.com").generate());
    Compiled notCovered = compile(web("foo.example.com"), secret(cnAndOtherSan));
    assertThat(notCovered.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).containsExactly("spec.tls[0].hosts[0]");
    assertServedOverHttpOnly(notCovered, "foo.example.com");
  }

  @Test
  void sanAndCnCompareCaseInsensitively() {
    TestCerts.Cert c = use(cert("FOO.Example.COM", "FOO.Example.COM").generate());
    Compiled comp = compile(web("foo.example.com"), secret(c));
    assertThat(comp.diagnostics()).isEmpty();
  }

  /** RFC 6125: a wildcard SAN covers exactly one whole left-most label. */
  @ParameterizedTest(name = "SAN *.foo.example.com covers {0}: {1}")
  @CsvSource({
      "bar.foo.example.com, true",
      "baz.bar.foo.example.com, false",
      "foo.example.com, false",
      "*.foo.example.com, true",
      "*.bar.foo.example.com, false",
  })
  void wildcardSan(String host, boolean covered) {
    TestCerts.Cert c = use(cert("wild", "*.foo.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web").rule(host).path("/", "Prefix", "web", 80).tls("cert", host).yaml(), secret(c));
    if (covered) {
      assertThat(comp.diagnostics()).isEmpty();
      assertThat(vhost(comp, host).get().tls()).isPresent();
    } else {
      assertThat(comp.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).containsExactly("spec.tls[0].hosts[0]");
      assertThat(vhost(comp, host).get().tls()).isEmpty();
    }
  }

  @Test
  void anExactSanDoesNotCoverAWildcardHost() {
    TestCerts.Cert c = use(cert("bar.foo.example.com", "bar.foo.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web").rule("*.foo.example.com").path("/", "Prefix", "web", 80).tls("cert", "*.foo.example.com")
            .yaml(), secret(c));
    assertThat(comp.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).containsExactly("spec.tls[0].hosts[0]");
  }

  @Test
  void wildcardTlsHostServesSniByOneLabel() {
    TestCerts.Cert c = use(cert("wild", "*.foo.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web").rule("*.foo.example.com").path("/", "Prefix", "web", 80).tls("cert", "*.foo.example.com")
            .yaml(), secret(c));
    assertThat(comp.routeHttps("a.foo.example.com", "/", "a.foo.example.com").certificate()).contains("default/cert");
    assertThat(comp.routeHttps("a.b.foo.example.com", "/", "a.b.foo.example.com").status())
        .isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
  }

  @Test
  void onlyTheFailingHostIsServedOverHttpOnly() {
    TestCerts.Cert c = use(cert("a", "a.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web")
            .rule("a.example.com").path("/", "Prefix", "web", 80)
            .rule("b.example.com").path("/", "Prefix", "web", 80)
            .tls("cert", "a.example.com", "b.example.com").yaml(),
        secret(c));
    assertThat(comp.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).containsExactly("spec.tls[0].hosts[1]");
    assertServedOverTls(comp, "a.example.com");
    assertServedOverHttpOnly(comp, "b.example.com");
  }

  // ---- tls entries without hosts, and hosts without rules

  @Test
  void tlsEntryWithoutHostsCoversTheRuleHostsTheCertificateCovers() {
    TestCerts.Cert c = use(cert("wild", "*.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web")
            .rule("a.example.com").path("/", "Prefix", "web", 80)
            .rule("b.example.com").path("/", "Prefix", "web", 80)
            .rule("c.other.com").path("/", "Prefix", "web", 80)
            .rule(null).path("/", "Prefix", "web", 80)
            .tls("cert").yaml(),
        Manifests.ingress("other").rule("d.example.com").path("/", "Prefix", "web", 80).yaml(),
        secret(c));
    assertThat(comp.diagnostics()).isEmpty();
    assertServedOverTls(comp, "a.example.com");
    assertServedOverTls(comp, "b.example.com");
    assertServedOverHttpOnly(comp, "c.other.com");
    // only the rule hosts of its own Ingress
    assertServedOverHttpOnly(comp, "d.example.com");
    assertThat(comp.ir().certificates().get(0).hosts()).containsExactly("a.example.com", "b.example.com");
  }

  @Test
  void tlsEntryWithoutHostsThatCoversNothing() {
    TestCerts.Cert c = use(cert("x", "x.other.com").generate());
    Compiled comp = compile(web(), secret(c));
    assertThat(comp.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/web", Compiled.FILE,
        20, "spec.tls[0]", "no hosts, and the certificate of Secret default/cert covers no rule host of this Ingress;"
            + " the entry does nothing"));
    assertServedOverHttpOnly(comp, "foo.example.com");
  }

  @Test
  void tlsHostWithoutARuleIsAWarning() {
    TestCerts.Cert c = use(cert("foo", "foo.example.com", "spare.example.com", "x.wild.example.com").generate());
    Compiled comp = compile(
        Manifests.ingress("web").rule("foo.example.com").path("/", "Prefix", "web", 80)
            .rule("*.wild.example.com").path("/", "Prefix", "web", 80)
            .tls("cert", "foo.example.com", "spare.example.com", "x.wild.example.com").yaml(),
        secret(c));
    // x.wild.example.com is served by the wildcard rule, so only spare.example.com is warned about
    assertThat(comp.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple(Severity.WARNING, "spec.tls[0]", "tls host \"spare.example.com\" is not served by any rule"));
    assertServedOverTls(comp, "foo.example.com");
  }

  @Test
  void noSecretName() {
    Compiled comp = compile(web("foo.example.com").replace("secretName: cert", "secretName: \"\""));
    assertThat(comp.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field)
        .containsExactly(tuple(Severity.WARNING, SECRET_FIELD));
    assertServedOverHttpOnly(comp, "foo.example.com");
  }

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
