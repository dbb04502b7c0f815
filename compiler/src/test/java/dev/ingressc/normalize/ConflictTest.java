package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.IngressManifest;

/** Conflicts across Ingresses: the oldest creationTimestamp wins, ties go to namespace/name; losers are warned. */
class ConflictTest {
  static final String OLD = "2021-03-01T10:00:00Z";
  static final String NEW = "2023-07-15T08:30:00Z";

  static IngressManifest web(String ns, String name, String created, String service) {
    IngressManifest b = Manifests.ingress(ns, name).rule("foo.com").path("/a", "Prefix", service, 80);
    return created == null ? b : b.created(created);
  }

  static Compiled compile(String... ingresses) {
    List<String> docs = new java.util.ArrayList<>(List.of(ingresses));
    for (String ns : List.of("default", "a", "b")) {
      for (String svc : List.of("older", "newer", "first", "second")) {
        docs.add(Manifests.serviceNamedPorts(ns, svc, "http=80"));
      }
    }
    return Compiled.of(Manifests.join(docs));
  }

  @Test
  void oldestWinsWhateverTheNamesAndTheInputOrder() {
    // the newer Ingress sorts first by name and comes first in the file
    Compiled c = compile(web("default", "aaa", NEW, "newer").yaml(), web("default", "zzz", OLD, "older").yaml());
    assertThat(c.target("foo.com", "/a")).isEqualTo("older");
    assertThat(c.diagnostics(Severity.WARNING)).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/aaa",
        Compiled.FILE, 13, "spec.rules[0].http.paths[0]", "ignored: host \"foo.com\" path \"/a\" (Prefix) is also defined"
            + " by Ingress default/zzz, which wins (it is older)"));
  }

  @Test
  void tiesGoToNamespaceThenName() {
    Compiled byNamespace = compile(web("b", "a", OLD, "second").yaml(), web("a", "z", OLD, "first").yaml());
    assertThat(byNamespace.target("foo.com", "/a/x")).isEqualTo("first");
    assertThat(byNamespace.diagnostics(Severity.WARNING)).extracting(Diagnostic::object, Diagnostic::message)
        .containsExactly(tuple("Ingress b/a", "ignored: host \"foo.com\" path \"/a\" (Prefix) is also defined by Ingress a/z,"
            + " which wins (same creationTimestamp, and it sorts first by namespace/name)"));

    Compiled byName = compile(web("a", "y", OLD, "second").yaml(), web("a", "x", OLD, "first").yaml());
    assertThat(byName.target("foo.com", "/a")).isEqualTo("first");
    assertThat(byName.diagnostics(Severity.WARNING)).extracting(Diagnostic::object).containsExactly("Ingress a/y");
  }

  @Test
  void withoutCreationTimestampAnIngressCountsAsNewest() {
    Compiled c = compile(web("default", "aaa", null, "newer").yaml(), web("default", "zzz", NEW, "older").yaml());
    assertThat(c.target("foo.com", "/a")).isEqualTo("older");
  }

  @Test
  void anUnparseableCreationTimestampIsWarnedAndCountsAsNewest() {
    Compiled c = compile(web("default", "aaa", "last tuesday", "newer").yaml(), web("default", "zzz", NEW, "older").yaml());
    assertThat(c.target("foo.com", "/a")).isEqualTo("older");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object, Diagnostic::field, Diagnostic::message)
        .contains(tuple("Ingress default/aaa", "metadata.creationTimestamp",
            "\"last tuesday\" is not an RFC 3339 time; the Ingress is treated as the newest in conflicts"));
  }

  @Test
  void sameHostAndPathButDifferentPathTypeIsNoConflict() {
    Compiled c = compile(
        web("default", "prefix", OLD, "older").yaml(),
        Manifests.ingress("exact").created(NEW).rule("foo.com").path("/a", "Exact", "newer", 80).yaml());
    assertThat(c.diagnostics(Severity.WARNING)).isEmpty();
    assertThat(c.target("foo.com", "/a")).isEqualTo("newer");
    assertThat(c.target("foo.com", "/a/b")).isEqualTo("older");
  }

  @Test
  void sameRuleOnAnotherHostIsNoConflict() {
    Compiled c = compile(
        web("default", "one", OLD, "older").yaml(),
        Manifests.ingress("two").created(NEW).rule("bar.com").path("/a", "Prefix", "newer", 80).yaml());
    assertThat(c.diagnostics(Severity.WARNING)).isEmpty();
    assertThat(c.target("bar.com", "/a")).isEqualTo("newer");
  }

  /**
   * A choice, documented here: a Prefix path with and without its trailing slash, or written as
   * ImplementationSpecific (which ingressc treats as Prefix), matches exactly the same requests, so
   * it is the same rule and the conflict rule decides.
   */
  @Test
  void equivalentPrefixSpellingsConflict() {
    Compiled c = compile(
        web("default", "zzz", OLD, "older").yaml(),
        Manifests.ingress("slash").created(NEW).rule("foo.com").path("/a/", "Prefix", "newer", 80).yaml(),
        Manifests.ingress("is").created(NEW).rule("foo.com").path("/a", "ImplementationSpecific", "newer", 80).yaml());
    assertThat(c.target("foo.com", "/a/")).isEqualTo("older");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object)
        .containsExactlyInAnyOrder("Ingress default/slash", "Ingress default/is");
  }

  @Test
  void hostlessRulesConflictToo() {
    Compiled c = compile(
        Manifests.ingress("new").created(NEW).rule(null).path("/", "Prefix", "newer", 80).yaml(),
        Manifests.ingress("old").created(OLD).rule(null).path("/", "Prefix", "older", 80).yaml());
    assertThat(c.target("whatever.org", "/")).isEqualTo("older");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message).containsExactly(
        "ignored: host \"*\" path \"/\" (Prefix) is also defined by Ingress default/old, which wins (it is older)");
  }

  @Test
  void theLosersOtherRulesStillCount() {
    Compiled c = compile(
        web("default", "old", OLD, "older").yaml(),
        Manifests.ingress("new").created(NEW).rule("foo.com").path("/a", "Prefix", "newer", 80)
            .path("/b", "Prefix", "newer", 80).yaml());
    assertThat(c.target("foo.com", "/a")).isEqualTo("older");
    assertThat(c.target("foo.com", "/b")).isEqualTo("newer");
  }

  @Test
  void oldestDefaultBackendWins() {
    Compiled c = compile(
        Manifests.ingress("aaa").created(NEW).defaultBackend("newer", 80).yaml(),
        Manifests.ingress("zzz").created(OLD).defaultBackend("older", 80).yaml());
    assertThat(c.target("any.host", "/")).isEqualTo("older");
    assertThat(c.diagnostics(Severity.WARNING)).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/aaa",
        Compiled.FILE, 9, "spec.defaultBackend",
        "ignored: Ingress default/zzz also has a defaultBackend and wins (it is older)"));
  }

  @Test
  void oldestTlsWinsForAHost() {
    TestCerts.Cert oldCert = TestCerts.cert().cn("foo.com").san("foo.com").variant("old").generate();
    TestCerts.Cert newCert = TestCerts.cert().cn("foo.com").san("foo.com").variant("new").generate();
    Compiled c = compile(
        web("default", "aaa", NEW, "newer").tls("new-cert", "foo.com").yaml(),
        Manifests.ingress("zzz").created(OLD).rule("foo.com").path("/z", "Prefix", "older", 80)
            .tls("old-cert", "foo.com").yaml(),
        Manifests.tlsSecret("default", "new-cert", newCert.certificatePem(), newCert.pkcs8KeyPem()),
        Manifests.tlsSecret("default", "old-cert", oldCert.certificatePem(), oldCert.pkcs8KeyPem()));
    assertThat(c.ir().virtualHosts().get(0).tls().get().certificateId()).isEqualTo("default/old-cert");
    assertThat(c.routeHttps("foo.com", "/a", "foo.com").certificate()).contains("default/old-cert");
    assertThat(c.ir().certificates()).extracting(cert -> cert.id()).containsExactly("default/old-cert");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object, Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple("Ingress default/aaa", "spec.tls[0]", "ignored for host \"foo.com\": Ingress default/zzz sets"
            + " its TLS (Secret default/old-cert) and wins (it is older)"));
  }

  @Test
  void aRepeatedRuleInsideOneIngressKeepsTheFirst() {
    Compiled c = compile(Manifests.ingress("one").created(OLD).rule("foo.com")
        .path("/a", "Prefix", "first", 80).path("/a", "Prefix", "second", 80).yaml());
    assertThat(c.target("foo.com", "/a")).isEqualTo("first");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field, Diagnostic::message).containsExactly(
        tuple("spec.rules[0].http.paths[1]", "ignored: host \"foo.com\" path \"/a\" (Prefix) repeats an earlier"
            + " path of this Ingress, which wins"));
  }

  /**
   * Issue 15's volume case at a small size: many Ingresses on one host and path. Each loser is
   * warned once, at the line of its own path, naming the one winner; the IR keeps one route.
   */
  @Test
  void everyLoserOfOneHostAndPathIsWarnedOnceNamingTheWinner() {
    int n = 40;
    List<String> docs = new java.util.ArrayList<>();
    for (int i = n - 1; i >= 0; i--) { // newest first in the file: order must not matter
      docs.add(web("default", "ing-" + i, "2021-03-01T10:00:%02dZ".formatted(i), i == 0 ? "older" : "newer").yaml());
    }
    Compiled c = compile(docs.toArray(String[]::new));
    assertThat(c.target("foo.com", "/a")).isEqualTo("older");
    assertThat(c.ir().virtualHosts()).singleElement()
        .satisfies(v -> assertThat(v.routes()).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo("/a")));

    String text = Manifests.join(docs);
    List<Diagnostic> expected = new java.util.ArrayList<>();
    for (int i = 1; i < n; i++) {
      int line = lineOf(text, "name: ing-" + i + "\n", "- path: ");
      expected.add(new Diagnostic(Severity.WARNING, "Ingress default/ing-" + i, Compiled.FILE, line,
          "spec.rules[0].http.paths[0]", "ignored: host \"foo.com\" path \"/a\" (Prefix) is also defined by Ingress"
              + " default/ing-0, which wins (it is older)"));
    }
    assertThat(c.diagnostics(Severity.WARNING)).containsExactlyInAnyOrderElementsOf(expected);
  }

  /** 1-based line of the first {@code needle} after {@code after} in the text, counted here, not by the compiler. */
  private static int lineOf(String text, String after, String needle) {
    int at = text.indexOf(needle, text.indexOf(after));
    return (int) text.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;
  }
}
