package dev.ingressc.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.ingressc.testkit.fixtures.IngressManifest;

/**
 * Every row of the path-matching examples table of the Kubernetes Ingress concept
 * page (SEMANTICS.md, Paths), through the whole pipeline and the route oracle. Rule paths are given as
 * {@code Type:/path}; path number i goes to Service {@code pI}. The expected value is the Service
 * that must serve the request, or {@code 404} when nothing matches (no default backend).
 */
class PathMatchingTableTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("Prefix:/", "/", "p0"),
        row("Prefix:/", "/foo", "p0"),
        row("Prefix:/", "/foo/bar/", "p0"),
        row("Prefix:/", "/aaa/bbb/ccc?x=1", "p0"),
        row("Exact:/foo", "/foo", "p0"),
        row("Exact:/foo", "/bar", "404"),
        row("Exact:/foo", "/foo/", "404"),
        row("Exact:/foo/", "/foo", "404"),
        row("Prefix:/foo", "/foo", "p0"),
        row("Prefix:/foo", "/foo/", "p0"),
        row("Prefix:/foo/", "/foo", "p0"),
        row("Prefix:/foo/", "/foo/", "p0"),
        row("Prefix:/aaa/bb", "/aaa/bbb", "404"),
        row("Prefix:/aaa/bbb", "/aaa/bbb", "p0"),
        row("Prefix:/aaa/bbb/", "/aaa/bbb", "p0"),
        row("Prefix:/aaa/bbb", "/aaa/bbb/", "p0"),
        row("Prefix:/aaa/bbb", "/aaa/bbb/ccc", "p0"),
        row("Prefix:/aaa/bbb", "/aaa/bbbxyz", "404"),
        row("Prefix:/,Prefix:/aaa", "/aaa/ccc", "p1"),
        row("Prefix:/,Prefix:/aaa,Prefix:/aaa/bbb", "/aaa/bbb", "p2"),
        row("Prefix:/,Prefix:/aaa,Prefix:/aaa/bbb", "/ccc", "p0"),
        row("Prefix:/aaa", "/ccc", "404"),
        row("Prefix:/foo,Exact:/foo", "/foo", "p1"),
        // the same, with the rules written in the other order
        row("Exact:/foo,Prefix:/foo", "/foo", "p0"));
  }

  private static Arguments row(String rules, String request, String expected) {
    return Arguments.of(rules, request, expected);
  }

  private static Compiled compile(String rules, String host, boolean withDefault) {
    String[] specs = rules.split(",");
    IngressManifest ing = Manifests.ingress("table").rule(host);
    List<String> docs = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      String[] tp = specs[i].split(":", 2);
      ing.path(tp[1], tp[0], "p" + i, 80);
      docs.add(Manifests.service("p" + i, 80));
    }
    if (withDefault) {
      ing.defaultBackend("fallback", 80);
      docs.add(Manifests.service("fallback", 80));
    }
    docs.add(0, ing.yaml());
    return Compiled.of(Manifests.join(docs));
  }

  @ParameterizedTest(name = "{0} with request {1} -> {2}")
  @MethodSource("table")
  void hostRule(String rules, String request, String expected) {
    Compiled c = compile(rules, "foo.example.com", false);
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    RouteAnswer a = c.route("foo.example.com", request);
    assertThat(Compiled.describe(a)).as(c.toString()).isEqualTo(expected);
    assertThat(a.status()).isEqualTo(expected.equals("404") ? 404 : 200);
  }

  @ParameterizedTest(name = "host-less: {0} with request {1} -> {2}")
  @MethodSource("table")
  void hostlessRule(String rules, String request, String expected) {
    Compiled c = compile(rules, null, false);
    assertThat(Compiled.describe(c.route("anything.example.org", request))).as(c.toString()).isEqualTo(expected);
  }

  /** "No, uses default backend": every non-matching row reaches the default backend when there is one. */
  @ParameterizedTest(name = "with default backend: {0} with request {1} -> {2}")
  @MethodSource("table")
  void nonMatchingRowsUseTheDefaultBackend(String rules, String request, String expected) {
    Compiled c = compile(rules, "foo.example.com", true);
    assertThat(c.target("foo.example.com", request)).isEqualTo(expected.equals("404") ? "fallback" : expected);
  }
}
