package dev.ingressc.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Host matching: the concept page's wildcard table, exact vs wildcard, case, ports, host-less rules. */
class HostMatchingTest {

  private static Compiled wildcardOnly() {
    return Compiled.docs(
        Manifests.ingress("wild").rule("*.foo.com").path("/", "Prefix", "wild", 80).yaml(),
        Manifests.service("wild", 80));
  }

  /** The concept page's hostname-wildcard table. */
  @ParameterizedTest(name = "*.foo.com vs Host {0}: {1}")
  @CsvSource({
      "bar.foo.com, wild",     // Matches based on shared suffix
      "baz.bar.foo.com, 404",  // No match, wildcard only covers a single DNS label
      "foo.com, 404",          // No match, wildcard only covers a single DNS label
  })
  void wildcardTable(String hostHeader, String expected) {
    Compiled c = wildcardOnly();
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target(hostHeader, "/")).isEqualTo(expected);
  }

  @Test
  void wildcardDoesNotMatchAnEmptyLabelOrASuffixWithoutDot() {
    Compiled c = wildcardOnly();
    assertThat(c.target(".foo.com", "/")).isEqualTo("404");
    assertThat(c.target("barfoo.com", "/")).isEqualTo("404");
  }

  private static Compiled exactWildcardAndHostless() {
    return Compiled.docs(
        Manifests.ingress("hosts")
            .rule("bar.foo.com").path("/", "Prefix", "exact", 80)
            .rule("*.foo.com").path("/", "Prefix", "wild", 80)
            .rule(null).path("/", "Prefix", "any", 80)
            .yaml(),
        Manifests.service("exact", 80), Manifests.service("wild", 80), Manifests.service("any", 80));
  }

  @ParameterizedTest(name = "Host {0} -> {1}")
  @CsvSource({
      "bar.foo.com, exact",
      "qux.foo.com, wild",
      // case-insensitive
      "BAR.Foo.COM, exact",
      "Qux.FOO.com, wild",
      // a port in the Host header is ignored
      "bar.foo.com:8080, exact",
      "BAR.FOO.COM:443, exact",
      "qux.foo.com:80, wild",
      // host-less rules serve every host no rule takes
      "other.example.org, any",
      "foo.com, any",
      "baz.bar.foo.com, any",
      "10.0.0.1, any",
      "10.0.0.1:8080, any",
  })
  void exactBeatsWildcardAndHostlessTakesTheRest(String hostHeader, String expected) {
    Compiled c = exactWildcardAndHostless();
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target(hostHeader, "/x")).as(c.toString()).isEqualTo(expected);
  }

  @Test
  void exactBeatsWildcardWhicheverIngressDeclaresThem() {
    Compiled c = Compiled.docs(
        Manifests.ingress("a-wild").created("2020-01-01T00:00:00Z").rule("*.foo.com").path("/", "Prefix", "wild", 80).yaml(),
        Manifests.ingress("z-exact").created("2024-01-01T00:00:00Z").rule("bar.foo.com").path("/", "Prefix", "exact", 80).yaml(),
        Manifests.service("exact", 80), Manifests.service("wild", 80));
    assertThat(c.target("bar.foo.com", "/")).isEqualTo("exact");
    assertThat(c.target("baz.foo.com", "/")).isEqualTo("wild");
  }

  /** A Host that picks a virtual host whose paths do not match goes to the default backend, never to host-less rules. */
  @Test
  void hostMatchedButNoPathMatchedFallsToTheDefaultBackendNotToHostlessRules() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web")
            .defaultBackend("fallback", 80)
            .rule("foo.com").path("/only", "Exact", "exact", 80)
            .rule("*.wild.com").path("/only", "Exact", "wild", 80)
            .rule(null).path("/", "Prefix", "any", 80)
            .yaml(),
        Manifests.service("exact", 80), Manifests.service("wild", 80), Manifests.service("any", 80),
        Manifests.service("fallback", 80));
    assertThat(c.target("foo.com", "/only")).isEqualTo("exact");
    assertThat(c.target("foo.com", "/other")).isEqualTo("fallback");
    assertThat(c.target("x.wild.com", "/other")).isEqualTo("fallback");
    assertThat(c.target("elsewhere.com", "/other")).isEqualTo("any");
  }

  @Test
  void hostMatchedButNoPathMatchedAndNoDefaultBackendIs404() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web")
            .rule("foo.com").path("/only", "Exact", "exact", 80)
            .rule(null).path("/", "Prefix", "any", 80)
            .yaml(),
        Manifests.service("exact", 80), Manifests.service("any", 80));
    RouteAnswer a = c.route("foo.com", "/other");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.backend()).isEmpty();
    assertThat(a.virtualHost()).contains("foo.com");
  }

  @Test
  void noHostlessRulesAndUnknownHostIs404() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com").path("/", "Prefix", "exact", 80).yaml(),
        Manifests.service("exact", 80));
    assertThat(c.route("bar.com", "/").status()).isEqualTo(404);
    assertThat(c.route("bar.com", "/").virtualHost()).isEmpty();
  }

  @Test
  void rulesOfTheSameHostFromSeveralIngressesMergeIntoOneVirtualHost() {
    Compiled c = Compiled.docs(
        Manifests.ingress("one").rule("foo.com").path("/a", "Prefix", "a", 80).yaml(),
        Manifests.ingress("two").rule("foo.com").path("/b", "Prefix", "b", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("b", 80));
    assertThat(c.ir().virtualHosts()).hasSize(1);
    assertThat(c.target("foo.com", "/a/x")).isEqualTo("a");
    assertThat(c.target("foo.com", "/b/x")).isEqualTo("b");
  }
}
