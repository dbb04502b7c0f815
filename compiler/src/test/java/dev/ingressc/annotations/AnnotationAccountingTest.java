package dev.ingressc.annotations;

import static dev.ingressc.testkit.fixtures.Manifests.ingress;
import static dev.ingressc.testkit.fixtures.Manifests.ingressClass;
import static dev.ingressc.testkit.fixtures.Manifests.join;
import static dev.ingressc.testkit.fixtures.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.IngressManifest;

/** Every annotation is accounted for, and what ingressc cannot honour never serves an Ingress open. */
class AnnotationAccountingTest {
  private static final String NGINX = AnnotationTable.NGINX;

  private static IngressManifest app(String name, String host) {
    return ingress(name).rule(host).path("/", "Prefix", "web", 80);
  }

  private static Compiled compile(IngressManifest... ingresses) {
    return compile(CompileOptions.defaults(), ingresses);
  }

  private static Compiled compile(CompileOptions options, IngressManifest... ingresses) {
    String[] docs = new String[ingresses.length + 1];
    docs[0] = service("web", 80);
    for (int i = 0; i < ingresses.length; i++) {
      docs[i + 1] = ingresses[i].yaml();
    }
    return Compiled.of(join(docs), options);
  }

  private static List<Diagnostic> about(Compiled c, String key) {
    return c.diagnostics().stream().filter(d -> d.field().equals("metadata.annotations[" + key + "]")).toList();
  }

  @Test
  void anExternalAuthThatCannotBeUsedRejectsTheIngressInsteadOfServingItOpen() {
    // Honoured since issue 18 (ExternalAuthAnnotationsTest); a URL ingressc cannot ask as written fails closed.
    Compiled c = compile(app("dashboard", "dash.example.com").annotation(NGINX + "auth-url", "https://$host/oauth2/auth")
        .annotation(NGINX + "auth-signin", "http://auth/start"), app("shop", "shop.example.com"));
    assertThat(c.target("dash.example.com", "/")).isEqualTo("404");
    assertThat(c.target("shop.example.com", "/")).isEqualTo("web");
    Diagnostic d = about(c, NGINX + "auth-url").get(0);
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.object()).isEqualTo("Ingress default/dashboard");
    assertThat(d.file()).isEqualTo(Compiled.FILE);
    assertThat(d.format()).contains("auth-url").contains("rejected rather than served without its authentication");
    assertThat(c.compilation().takenIngresses()).containsExactly("default/shop");
  }

  @Test
  void everyAccessRestrictingKeyFailsClosed() {
    // auth-type's "on" is no authentication type (BasicAuthAnnotations); auth-secret alone has no effect, as in ingress-nginx.
    for (String key : List.of("auth-type", "auth-tls-secret", "enable-modsecurity", "proxy-ssl-verify")) {
      Compiled c = compile(app("a", "a.example.com").annotation(NGINX + key, "on"));
      assertThat(c.target("a.example.com", "/")).as(key).isEqualTo("404");
      assertThat(about(c, NGINX + key)).as(key).extracting(Diagnostic::code).containsExactly(AnnotationAccounting.FAIL_CLOSED);
    }
  }

  @Test
  void aSourceRangeThatIsNoRangeStillRejectsTheIngress() {
    // Honoured since issue 18, the source ranges fail closed on a value that is not a range.
    for (String key : List.of("whitelist-source-range", "allowlist-source-range", "denylist-source-range")) {
      Compiled c = compile(app("a", "a.example.com").annotation(NGINX + key, "on"));
      assertThat(c.target("a.example.com", "/")).as(key).isEqualTo("404");
      assertThat(about(c, NGINX + key)).as(key).extracting(Diagnostic::code)
          .containsExactly(AnnotationAccounting.INVALID_VALUE);
    }
  }

  @Test
  void aValueThatAsksForNothingMoreIsInert() {
    Compiled c = compile(app("a", "a.example.com").annotation(NGINX + "proxy-ssl-verify", "off")
        .annotation(NGINX + "canary", "false").annotation(NGINX + "enable-modsecurity", "FALSE"));
    assertThat(c.target("a.example.com", "/")).isEqualTo("web");
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void aCanaryIsHonouredAndNeverWinsTheMainIngressRouteAsAConflict() {
    // The canary is older: served as an ordinary Ingress it would win the conflict. It attaches instead.
    Compiled c = compile(ingress("main").created("2024-01-01T00:00:00Z").rule("shop.example.com").path("/", "Prefix", "web", 80),
        ingress("canary").created("2020-01-01T00:00:00Z").annotation(NGINX + "canary", "true")
            .annotation(NGINX + "canary-by-header", "X-Canary").rule("shop.example.com").path("/", "Prefix", "other", 80));
    assertThat(c.target("shop.example.com", "/")).isEqualTo("web");
    assertThat(c.route("shop.example.com", "/").route().orElseThrow().origin().name()).isEqualTo("main");
    assertThat(about(c, NGINX + "canary")).isEmpty();
    assertThat(about(c, NGINX + "canary-by-header")).isEmpty();
  }

  @Test
  void snippetsAreRefusedKnownOrNot() {
    for (String key : List.of("configuration-snippet", "server-snippet", "stream-snippet", "auth-snippet", "some-future-snippet")) {
      Compiled c = compile(app("a", "a.example.com").annotation(NGINX + key, "return 200;"));
      assertThat(c.target("a.example.com", "/")).as(key).isEqualTo("404");
      Diagnostic d = about(c, NGINX + key).get(0);
      assertThat(d.code()).as(key).isEqualTo(AnnotationAccounting.REFUSED);
      assertThat(d.message()).as(key).contains("never copies text from objects into proxy configuration");
    }
  }

  @Test
  void unsupportedAnnotationsWarnAndSayWhatHappensInstead() {
    String yaml = join(service("web", 80), app("a", "a.example.com").annotation(NGINX + "limit-rate", "10").yaml());
    Compiled c = Compiled.of(yaml);
    assertThat(c.target("a.example.com", "/")).isEqualTo("web");
    Diagnostic d = about(c, NGINX + "limit-rate").get(0);
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.code()).isEqualTo(AnnotationAccounting.NOT_SUPPORTED);
    assertThat(d.message()).contains("what ingressc does instead").contains("responses are not rate limited");
    // The line of the annotation itself.
    List<String> lines = yaml.lines().toList();
    assertThat(lines.get(d.line() - 1)).contains(NGINX + "limit-rate:");
  }

  @Test
  void strictMakesEveryUnhonouredAnnotationAnErrorThatRejects() {
    Compiled c = compile(CompileOptions.defaults().withStrict(true),
        app("a", "a.example.com").annotation(NGINX + "limit-rate", "10"),
        app("b", "b.example.com").annotation(NGINX + "proxy-buffering", "off")
            .annotation("cert-manager.io/cluster-issuer", "x"));
    assertThat(c.target("a.example.com", "/")).isEqualTo("404");
    assertThat(about(c, NGINX + "limit-rate").get(0).severity()).isEqualTo(Severity.ERROR);
    // Harmless keys are notes, and notes stay notes.
    assertThat(c.target("b.example.com", "/")).isEqualTo("web");
  }

  @Test
  void strictRejectsAnUnusableValueOfAnHonouredAnnotation() {
    IngressManifest ajp = app("a", "a.example.com").annotation(NGINX + "backend-protocol", "AJP");
    assertThat(compile(ajp).target("a.example.com", "/")).isEqualTo("web");
    Compiled strict = compile(CompileOptions.defaults().withStrict(true), ajp);
    assertThat(strict.target("a.example.com", "/")).isEqualTo("404");
    assertThat(about(strict, NGINX + "backend-protocol")).extracting(Diagnostic::severity, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.ERROR, AnnotationAccounting.INVALID_VALUE));
  }

  @Test
  void otherControllersWarnMetadataIsSilentUnknownKeysAreNoted() {
    Compiled c = compile(app("a", "a.example.com").annotation("nginx.org/client-max-body-size", "1m")
        .annotation("traefik.ingress.kubernetes.io/router.middlewares", "x").annotation("alb.ingress.kubernetes.io/scheme", "x")
        .annotation("cert-manager.io/cluster-issuer", "x").annotation("kubectl.kubernetes.io/last-applied-configuration", "{}")
        .annotation("meta.helm.sh/release-name", "x").annotation("argocd.argoproj.io/sync-wave", "1")
        .annotation("external-dns.alpha.kubernetes.io/hostname", "x").annotation("team.example.com/owner", "x")
        .annotation(NGINX + "proxy-body-sise", "1m"));
    assertThat(c.target("a.example.com", "/")).isEqualTo("web");
    assertThat(about(c, "nginx.org/client-max-body-size")).extracting(Diagnostic::severity, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING, AnnotationAccounting.OTHER_CONTROLLER));
    assertThat(about(c, "traefik.ingress.kubernetes.io/router.middlewares").get(0).message()).contains("Traefik");
    assertThat(about(c, "alb.ingress.kubernetes.io/scheme").get(0).message()).contains("AWS");
    for (String silent : List.of("cert-manager.io/cluster-issuer", "kubectl.kubernetes.io/last-applied-configuration",
        "meta.helm.sh/release-name", "argocd.argoproj.io/sync-wave", "external-dns.alpha.kubernetes.io/hostname")) {
      assertThat(about(c, silent)).as(silent).isEmpty();
    }
    assertThat(about(c, "team.example.com/owner")).extracting(Diagnostic::severity).containsExactly(Severity.NOTE);
    assertThat(about(c, NGINX + "proxy-body-sise")).extracting(Diagnostic::severity, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING, AnnotationAccounting.UNKNOWN));
  }

  @Test
  void ingressNginxNamesUnderAnotherPrefixWarnOrFailClosed() {
    // ingress-nginx run with --annotations-prefix example.com: ingressc does not read the keys, and says so.
    Compiled c = compile(app("a", "a.example.com").annotation("example.com/proxy-body-size", "8m"));
    assertThat(c.target("a.example.com", "/")).isEqualTo("web");
    assertThat(about(c, "example.com/proxy-body-size")).extracting(Diagnostic::severity, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.WARNING, AnnotationAccounting.UNKNOWN));
    assertThat(about(c, "example.com/proxy-body-size").get(0).message()).contains("--annotations-prefix example.com")
        .contains(NGINX + "proxy-body-size");
    // An access-restricting name is never served open, whoever's prefix it has.
    for (String key : List.of("example.com/auth-url", "ingress.kubernetes.io/whitelist-source-range",
        "haproxy-ingress.github.io/auth-url", "alb.ingress.kubernetes.io/auth-type")) {
      Compiled r = compile(app("a", "a.example.com").annotation(key, "x"));
      assertThat(r.target("a.example.com", "/")).as(key).isEqualTo("404");
      assertThat(about(r, key)).as(key).extracting(Diagnostic::code).containsExactly(AnnotationAccounting.FAIL_CLOSED);
    }
  }

  @Test
  void harmlessKeysAreNotes() {
    Compiled c = compile(app("a", "a.example.com").annotation(NGINX + "proxy-buffer-size", "8k"));
    assertThat(about(c, NGINX + "proxy-buffer-size")).extracting(Diagnostic::severity, Diagnostic::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Severity.NOTE, AnnotationAccounting.HARMLESS));
  }

  @Test
  void invalidKeysRejectTheIngressWithoutBreakingTheRest() {
    for (String key : List.of("a[b", "x/y/z", "-bad", "UPPER.example.com/x", "nginx.ingress.kubernetes.io/")) {
      Compiled c = compile(app("a", "a.example.com").annotation(key, "v"), app("b", "b.example.com"));
      assertThat(c.target("a.example.com", "/")).as(key).isEqualTo("404");
      assertThat(c.target("b.example.com", "/")).as(key).isEqualTo("web");
      assertThat(c.diagnostics()).as(key).anyMatch(d -> d.code().equals(AnnotationAccounting.INVALID_KEY)
          && d.field().equals("metadata.annotations"));
    }
  }

  @Test
  void ingressesOfOtherClassesAreNotAccounted() {
    String yaml = join(service("web", 80), ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, false),
        ingressClass("nginx", "k8s.io/ingress-nginx", false),
        app("theirs", "a.example.com").className("nginx").annotation(NGINX + "auth-url", "http://x").yaml(),
        app("mine", "b.example.com").className("ours").yaml());
    Compiled c = Compiled.of(yaml);
    assertThat(about(c, NGINX + "auth-url")).isEmpty();
  }

  @Test
  void theTableIsConsistent() {
    for (KnownAnnotation a : AnnotationTable.known()) {
      assertThat(a.reason()).as(a.key()).isNotBlank();
      assertThat(AnnotationAccounting.validKey(a.key())).as(a.key()).isTrue();
      assertThat(AnnotationTable.family(a.key())).as("a known key is not also another controller's: " + a.key()).isEmpty();
      // Fails closed: not supported yet, or honoured and guarding access (then another prefix's same name fails closed).
      assertThat(a.failsClosed() && a.status() != AnnotationStatus.NOT_SUPPORTED
          && a.status() != AnnotationStatus.HONOURED).as(a.key()).isFalse();
    }
    // The keys the issue names are in the table with the status it asks for.
    for (String key : List.of("auth-url", "auth-type", "whitelist-source-range", "allowlist-source-range",
        "denylist-source-range")) {
      assertThat(AnnotationTable.lookup(NGINX + key)).as(key).get().matches(KnownAnnotation::failsClosed);
    }
    for (String key : List.of("configuration-snippet", "server-snippet", "stream-snippet", "auth-snippet")) {
      assertThat(AnnotationTable.lookup(NGINX + key)).as(key).get().extracting(KnownAnnotation::status)
          .isEqualTo(AnnotationStatus.REFUSED);
    }
  }
}
