package dev.ingressc.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Route;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path precedence: longest first, Exact on ties, ImplementationSpecific as Prefix, no query, element-wise. */
class PrecedenceTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/a, a",
      "/a/, a",
      "/a/x, a",
      "/a/b, ab",
      "/a/b/x, ab",
      "/a/b/c, abc",
      "/a/b/c/d/e, abc",
      "/a/bc, a",
  })
  void longestMatchWinsWhateverTheDeclarationOrder(String request, String expected) {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/a/b", "Prefix", "ab", 80)
            .path("/a", "Prefix", "a", 80)
            .path("/a/b/c", "Prefix", "abc", 80)
            .yaml(),
        Manifests.service("a", 80), Manifests.service("ab", 80), Manifests.service("abc", 80));
    assertThat(c.target("foo.com", request)).isEqualTo(expected);
  }

  @Test
  void longestMatchWinsAcrossIngresses() {
    Compiled c = Compiled.docs(
        Manifests.ingress("old").created("2020-01-01T00:00:00Z").rule("foo.com").path("/a", "Prefix", "a", 80).yaml(),
        Manifests.ingress("new").created("2024-01-01T00:00:00Z").rule("foo.com").path("/a/b", "Prefix", "ab", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("ab", 80));
    assertThat(c.target("foo.com", "/a/b/c")).isEqualTo("ab");
    assertThat(c.target("foo.com", "/a/c")).isEqualTo("a");
  }

  @Test
  void exactBeatsPrefixOnEqualLengthButNotALongerPrefix() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/foo", "Prefix", "prefix", 80)
            .path("/foo", "Exact", "exact", 80)
            .path("/foo/bar", "Prefix", "longer", 80)
            .yaml(),
        Manifests.service("prefix", 80), Manifests.service("exact", 80), Manifests.service("longer", 80));
    assertThat(c.target("foo.com", "/foo")).isEqualTo("exact");
    assertThat(c.target("foo.com", "/foo/")).isEqualTo("prefix");
    assertThat(c.target("foo.com", "/foo/bar")).isEqualTo("longer");
    RouteAnswer a = c.route("foo.com", "/foo");
    assertThat(a.candidates()).extracting(Route::declaredPathType).containsExactly("Exact", "Prefix");
  }

  @Test
  void exactWithTrailingSlashBeatsShorterPrefix() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/foo/", "Exact", "exact", 80)
            .path("/foo", "Prefix", "prefix", 80)
            .yaml(),
        Manifests.service("prefix", 80), Manifests.service("exact", 80));
    assertThat(c.target("foo.com", "/foo/")).isEqualTo("exact");
    assertThat(c.target("foo.com", "/foo")).isEqualTo("prefix");
  }

  @ParameterizedTest(name = "ImplementationSpecific /foo, request {0} -> {1}")
  @CsvSource({
      "/foo, is",
      "/foo/, is",
      "/foo/bar, is",
      "/foobar, 404",
      "/FOO, 404",
      "/, 404",
  })
  void implementationSpecificIsPrefix(String request, String expected) {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com").path("/foo", "ImplementationSpecific", "is", 80).yaml(),
        Manifests.service("is", 80));
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target("foo.com", request)).isEqualTo(expected);
  }

  @Test
  void implementationSpecificRanksLikePrefix() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/foo", "ImplementationSpecific", "is", 80)
            .path("/foo", "Exact", "exact", 80)
            .path("/foo/bar", "ImplementationSpecific", "longer", 80)
            .path("/", "Prefix", "root", 80)
            .yaml(),
        Manifests.service("is", 80), Manifests.service("exact", 80), Manifests.service("longer", 80),
        Manifests.service("root", 80));
    assertThat(c.target("foo.com", "/foo")).isEqualTo("exact");
    assertThat(c.target("foo.com", "/foo/x")).isEqualTo("is");
    assertThat(c.target("foo.com", "/foo/bar/x")).isEqualTo("longer");
    assertThat(c.target("foo.com", "/other")).isEqualTo("root");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/foo?x=1, exact",
      "/foo?, exact",
      "/foo?redirect=/bar, exact",
      "/bar?q=/foo, prefix",
      "/bar/?q=1, prefix",
      "/barx?q=/bar/, 404",
      "/?/foo, 404",
  })
  void queryStringNeverTakesPart(String request, String expected) {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/foo", "Exact", "exact", 80)
            .path("/bar", "Prefix", "prefix", 80)
            .yaml(),
        Manifests.service("exact", 80), Manifests.service("prefix", 80));
    assertThat(c.target("foo.com", request)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Prefix /foo never matches {0}")
  @CsvSource({"/foobar", "/foo-bar", "/foo.bar", "/fo", "/Foo", "/xfoo", "/foobar/foo"})
  void prefixNeverMatchesAStringPrefix(String request) {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com").path("/foo", "Prefix", "foo", 80).yaml(),
        Manifests.service("foo", 80));
    assertThat(c.route("foo.com", request).status()).isEqualTo(404);
  }

  @Test
  void exactIsCaseSensitiveAndWhole() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com").path("/Foo", "Exact", "foo", 80).yaml(),
        Manifests.service("foo", 80));
    assertThat(c.target("foo.com", "/Foo")).isEqualTo("foo");
    assertThat(c.target("foo.com", "/foo")).isEqualTo("404");
    assertThat(c.target("foo.com", "/Foo/x")).isEqualTo("404");
  }

  @Test
  void routesInTheIrAreInPrecedenceOrder() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .path("/", "Prefix", "s", 80)
            .path("/aa", "Prefix", "s", 80)
            .path("/b", "Exact", "s", 80)
            .path("/aa", "Exact", "s", 80)
            .path("/ab/", "Prefix", "s", 80)
            .path("/zzz", "Prefix", "s", 80)
            .yaml(),
        Manifests.service("s", 80));
    // longest match path first (a Prefix path's trailing slash does not count), Exact before Prefix, then by path
    assertThat(c.ir().virtualHosts().get(0).routes())
        .extracting(r -> r.declaredPathType() + " " + r.path())
        .containsExactly("Prefix /zzz", "Exact /aa", "Prefix /aa", "Prefix /ab/", "Exact /b", "Prefix /");
  }
}
