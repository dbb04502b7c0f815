package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.VirtualHost;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SEMANTICS.md, "Regex paths": use-regex per host, as ingress-nginx writes its locations. */
class RegexHostsTest {
  private static final String KEY = UseRegex.ANNOTATION;

  private static Compiled twoIngresses(String regexValue) {
    return Compiled.docs(
        Manifests.ingress("regex").created("2024-01-01T00:00:00Z").annotation(KEY, regexValue).rule("r.example.com")
            .path("/api/v[0-9]+", "ImplementationSpecific", "a", 80).path("/api/.*", "ImplementationSpecific", "b", 80)
            .path("/x", "Prefix", "b", 80).yaml(),
        Manifests.ingress("plain").created("2024-02-01T00:00:00Z").rule("r.example.com")
            .path("/plain", "Prefix", "c", 80).path("/exact", "Exact", "a", 80).yaml(),
        Manifests.ingress("elsewhere").created("2024-02-01T00:00:00Z").rule("other.example.com")
            .path("/plain", "Prefix", "c", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("b", 80), Manifests.service("c", 80));
  }

  private static List<Route> routes(Compiled c, String host) {
    return c.ir().virtualHosts().stream().filter(v -> v.host().equals(host)).findFirst().map(VirtualHost::routes)
        .orElseThrow();
  }

  @Test
  void everyPathOfTheHostBecomesARegexInIngressNginxOrder() {
    Compiled c = twoIngresses("true");
    assertThat(routes(c, "r.example.com")).extracting(Route::path, Route::match).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/api/v[0-9]+", PathMatch.REGEX),
        org.assertj.core.groups.Tuple.tuple("/api/.*", PathMatch.REGEX),
        org.assertj.core.groups.Tuple.tuple("/plain", PathMatch.REGEX),
        org.assertj.core.groups.Tuple.tuple("/exact", PathMatch.REGEX),
        org.assertj.core.groups.Tuple.tuple("/x", PathMatch.REGEX));
    assertThat(routes(c, "other.example.com")).extracting(Route::match).containsExactly(PathMatch.PREFIX);
    assertThat(c.target("r.example.com", "/API/V2/users")).isEqualTo("a");
    assertThat(c.target("r.example.com", "/api/other")).isEqualTo("b");
    assertThat(c.target("r.example.com", "/plainly")).isEqualTo("c");
    assertThat(c.target("r.example.com", "/EXACT/more")).isEqualTo("a");
    assertThat(c.target("r.example.com", "/xyz")).isEqualTo("b");
    assertThat(c.target("r.example.com", "/nothing")).isEqualTo("404");
    assertThat(c.target("other.example.com", "/plainly")).isEqualTo("404");
  }

  @Test
  void eachIngressWhosePathsChangeMeaningIsWarned() {
    List<Diagnostic> warnings = twoIngresses("true").diagnostics(Severity.WARNING);
    assertThat(warnings).filteredOn(d -> d.message().contains("sets use-regex")).extracting(Diagnostic::object, Diagnostic::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("Ingress default/plain", "spec.rules[0].http.paths[0]"),
            org.assertj.core.groups.Tuple.tuple("Ingress default/regex", "spec.rules[0].http.paths[0]"));
    assertThat(warnings).filteredOn(d -> d.object().equals("Ingress default/plain")).singleElement()
        .extracting(Diagnostic::message).asString()
        .contains("Ingress default/regex sets use-regex").contains("\"/plain\" (Prefix), \"/exact\" (Exact)");
    assertThat(warnings).filteredOn(d -> d.object().equals("Ingress default/regex")).singleElement()
        .extracting(Diagnostic::message).asString().contains("\"/x\" (Prefix)").doesNotContain("/api");
  }

  @ParameterizedTest
  @CsvSource({"false", "False", "0", "f"})
  void falseLeavesPathsLiteral(String value) {
    Compiled c = twoIngresses(value);
    assertThat(routes(c, "r.example.com")).extracting(Route::match).doesNotContain(PathMatch.REGEX);
    assertThat(c.diagnostics()).noneMatch(d -> d.message().contains("use-regex"));
  }

  @Test
  void rewriteTargetAloneMakesTheHostsPathsRegexesAsInIngressNginx() {
    Compiled c = Compiled.docs(Manifests.ingress("rw").annotation(UseRegex.REWRITE_TARGET, "/$2").rule("r.example.com")
        .path("/something(/|$)(.*)", "ImplementationSpecific", "a", 80).yaml(), Manifests.service("a", 80));
    assertThat(routes(c, "r.example.com")).extracting(Route::match).containsExactly(PathMatch.REGEX);
    assertThat(c.target("r.example.com", "/SOMETHING/new")).isEqualTo("a");
    assertThat(c.target("r.example.com", "/somethingelse")).isEqualTo("404");
  }

  @Test
  void aValueThatIsNotABooleanIsWarnedAndFalse() {
    Compiled c = Compiled.docs(Manifests.ingress("regex").annotation(KEY, "yes").rule("r.example.com")
        .path("/a", "Prefix", "a", 80).yaml(), Manifests.service("a", 80));
    assertThat(routes(c, "r.example.com")).extracting(Route::match).containsExactly(PathMatch.PREFIX);
    assertThat(c.diagnostics()).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo(UseRegex.FIELD);
      assertThat(d.message()).startsWith("\"yes\" is not a boolean");
    });
  }

  @Test
  void aRefusedRegexRejectsItsIngressNamingTheConstruct() {
    Compiled c = Compiled.docs(Manifests.ingress("regex").annotation(KEY, "true").rule("r.example.com")
        .path("/a(?=b)", "ImplementationSpecific", "a", 80).yaml(), Manifests.service("a", 80));
    assertThat(c.ir().virtualHosts()).isEmpty();
    assertThat(c.diagnostics(Severity.ERROR)).filteredOn(d -> !d.field().isEmpty()).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo("spec.rules[0].http.paths[0].path");
      assertThat(d.message()).contains("a lookahead");
    });
  }

  @Test
  void anotherIngressPathThatIsNoRegexIsNotServedOnARegexHost() {
    Compiled c = Compiled.docs(
        Manifests.ingress("regex").created("2024-01-01T00:00:00Z").annotation(KEY, "true").rule("r.example.com")
            .path("/a", "ImplementationSpecific", "a", 80).yaml(),
        Manifests.ingress("plain").created("2024-02-01T00:00:00Z").rule("r.example.com")
            .path("/b(", "Prefix", "a", 80).path("/c", "Prefix", "a", 80).yaml(),
        Manifests.service("a", 80));
    // equal length: ingress-nginx's order, the path in reverse order
    assertThat(routes(c, "r.example.com")).extracting(Route::path).containsExactly("/c", "/a");
    assertThat(c.diagnostics(Severity.ERROR)).singleElement().satisfies(d -> {
      assertThat(d.object()).isEqualTo("Ingress default/plain");
      assertThat(d.message()).contains("an unclosed group").contains("the path is not served");
    });
  }
}
