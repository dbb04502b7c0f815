package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS host coverage (SAN, CN, RFC 6125 wildcards), tls entries without hosts, and tls hosts without rules. */
class TlsHostsTest extends TlsFixture {
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
}
