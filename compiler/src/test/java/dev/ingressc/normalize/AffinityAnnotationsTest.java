package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Upstream;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** affinity and session-cookie-* (SEMANTICS.md, Session affinity), read as ingress-nginx reads them, strictly checked. */
class AffinityAnnotationsTest {
  private static final String P = "nginx.ingress.kubernetes.io/";

  private static IngressManifest app(String name, String host, String created) {
    return Manifests.ingress(name).created(created).rule(host).path("/app", "Prefix", "web", 80);
  }

  private static IngressManifest sticky(String name, String host) {
    return app(name, host, "2024-01-01T00:00:00Z").annotation(P + "affinity", "cookie");
  }

  private static Compiled compile(IngressManifest... ms) {
    String[] docs = new String[ms.length + 1];
    docs[0] = Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1", "10.9.0.2", "10.9.0.3");
    for (int i = 0; i < ms.length; i++) {
      docs[i + 1] = ms[i].yaml();
    }
    return Compiled.docs(docs);
  }

  private static Optional<Affinity> affinity(Compiled c) {
    return c.ir().upstreams().stream().filter(u -> u.name().startsWith("default/web")).findFirst()
        .flatMap(Upstream::affinity);
  }

  @Test
  void cookieAffinityTakesIngressNginxsDefaults() {
    Compiled c = compile(sticky("a", "a.example.com"));
    Affinity a = affinity(c).orElseThrow();
    assertThat(a).isEqualTo(Affinity.defaults());
    var route = c.ir().virtualHosts().get(0).routes().get(0);
    assertThat(a.cookiePath(route)).isEqualTo("/app");
    assertThat(a.attributes("/app", false)).isEqualTo("; Path=/app; HttpOnly");
    assertThat(a.attributes("/app", true)).isEqualTo("; Path=/app; Secure; HttpOnly");
    assertThat(c.diagnostics()).extracting(Diagnostic::message).noneMatch(m -> m.contains("affinity")
        || m.contains("session-cookie"));
  }

  @Test
  void everySettingIsRead() {
    Compiled c = compile(sticky("a", "a.example.com").annotation(P + "session-cookie-name", "route")
        .annotation(P + "session-cookie-path", "/")
        .annotation(P + "session-cookie-max-age", "3600").annotation(P + "session-cookie-expires", "60")
        .annotation(P + "session-cookie-samesite", "lax").annotation(P + "session-cookie-secure", "true")
        .annotation(P + "affinity-mode", "persistent"));
    Affinity a = affinity(c).orElseThrow();
    assertThat(a).isEqualTo(new Affinity("route", Optional.of("/"), Optional.of(3600L),
        Optional.of(Affinity.SameSite.LAX), true, Affinity.Mode.PERSISTENT));
    assertThat(a.attributes(a.cookiePath(null), false)).isEqualTo("; Max-Age=3600; Path=/; SameSite=Lax; Secure;"
        + " HttpOnly");
  }

  @Test
  void expiresIsTheMaxAgeWhenMaxAgeIsNotSet() {
    assertThat(affinity(compile(sticky("a", "a.example.com").annotation(P + "session-cookie-expires", "172800"))))
        .map(Affinity::maxAge).contains(Optional.of(172800L));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "session-cookie-name | a b",
      "session-cookie-name | x;Path=/evil",
      "session-cookie-name | $host",
      "session-cookie-name | ''",
      "session-cookie-path | nopath",
      "session-cookie-path | /a;Domain=evil.com",
      "session-cookie-path | /a b",
      "session-cookie-path | /%2e",
      "session-cookie-expires | 1h",
      "session-cookie-max-age | -1",
      "session-cookie-max-age | 0",
      "session-cookie-max-age | 99999999999",
      "session-cookie-samesite | Lux",
      "session-cookie-samesite | Lax; Secure",
      "session-cookie-secure | yes",
      "affinity-mode | sticky"})
  void aValueThatFailsIsIgnoredWithAWarningAndItsDefaultApplies(String key, String value) {
    Compiled c = compile(sticky("a", "a.example.com").annotation(P + key, value));
    assertThat(affinity(c)).contains(Affinity.defaults());
    assertThat(c.diagnostics()).filteredOn(d -> d.field().contains(P + key)).extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("is invalid"));
  }

  @Test
  void anotherAffinityTypeIsNoneAndTheCookieSettingsAreIgnored() {
    Compiled c = compile(app("a", "a.example.com", "2024-01-01T00:00:00Z").annotation(P + "affinity", "ip")
        .annotation(P + "session-cookie-name", "route"));
    assertThat(affinity(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("the only affinity is cookie"))
        .anyMatch(m -> m.startsWith("ignored: the Ingress has no session affinity"));
  }

  @Test
  void theFirstIngressNamingTheServiceDecidesAndTheOtherIsWarned() {
    Compiled c = compile(sticky("a", "a.example.com"),
        app("b", "b.example.com", "2024-01-02T00:00:00Z").annotation(P + "affinity", "cookie")
            .annotation(P + "session-cookie-name", "other"),
        app("c", "c.example.com", "2024-01-03T00:00:00Z"));
    assertThat(affinity(c)).contains(Affinity.defaults());
    assertThat(c.diagnostics()).filteredOn(d -> d.message().contains("is shared with Ingress default/a"))
        .hasSize(1).allMatch(d -> d.object().equals("Ingress default/b") && d.message().contains("cookie other"));
    // Every route to the upstream is sticky, an Ingress without affinity too (ingress-nginx's balancer is the upstream's).
    RouteAnswer a = c.route(RouteRequest.http("c.example.com", "/app"));
    assertThat(a.explanation()).anyMatch(l -> l.startsWith("session affinity of upstream default/web:80"));
  }

  @Test
  void aCanarysOwnAffinityMakesItsSideStickyAndTheMainSideKeepsItsOwn() {
    Compiled c = Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1", "10.9.0.2"),
        Manifests.serviceAndSlice("next", 80, 8080, "10.9.0.3", "10.9.0.4"),
        app("a", "a.example.com", "2024-01-01T00:00:00Z").yaml(),
        Manifests.ingress("b").created("2024-01-02T00:00:00Z").annotation(P + "canary", "true")
            .annotation(P + "canary-by-header", "X-Canary").annotation(P + "affinity", "cookie")
            .annotation(P + "session-cookie-name", "canary").rule("a.example.com").path("/app", "Prefix", "next", 80)
            .yaml());
    assertThat(affinity(c)).isEmpty();
    assertThat(c.ir().upstream("default/next:80").flatMap(Upstream::affinity).map(Affinity::cookieName))
        .contains("canary");
    // ingress-nginx keeps a canary's own affinity: no "ignored on a canary" warning for it.
    assertThat(c.diagnostics()).extracting(Diagnostic::message).noneMatch(m -> m.contains("ignored on a canary")
        && m.contains("affinity"));
    RouteAnswer canary = c.route(RouteRequest.http("a.example.com", "/app").withHeaders(Map.of("X-Canary", "always")));
    assertThat(canary.explanation()).anyMatch(l -> l.startsWith("session affinity of upstream default/next:80"));
    RouteAnswer main = c.route(RouteRequest.http("a.example.com", "/app").withHeaders(Map.of("X-Canary", "never")));
    assertThat(main.explanation()).noneMatch(l -> l.startsWith("session affinity"));
  }

  @Test
  void aServiceReachedByDnsHasNoAffinity() {
    Compiled c = Compiled.docs(Manifests.externalName("web", "web.example.net", 80),
        sticky("a", "a.example.com").yaml());
    assertThat(c.ir().upstreams()).allMatch(u -> u.affinity().isEmpty());
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("reached by one DNS name"));
  }

  @Test
  void aRedirectingIngressGetsNone() {
    Compiled c = compile(sticky("a", "a.example.com").annotation(P + "permanent-redirect", "https://b.example.com/"));
    assertThat(affinity(c)).isEmpty();
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.startsWith("no session affinity"));
  }

  @Test
  void aRegexIngressWithoutAPathGetsSlashWithAWarning() {
    Compiled c = compile(sticky("a", "a.example.com").annotation(P + "use-regex", "true"));
    var route = c.ir().virtualHosts().get(0).routes().get(0);
    assertThat(affinity(c).orElseThrow().cookiePath(route)).isEqualTo("/");
    assertThat(c.diagnostics()).extracting(Diagnostic::message).anyMatch(m -> m.contains("so the cookie's Path is /"));
  }

  @Test
  void theOracleExplainsTheCookie() {
    Compiled c = compile(sticky("a", "a.example.com").annotation(P + "session-cookie-max-age", "60")
        .annotation(P + "session-cookie-samesite", "Strict"));
    RouteAnswer plain = c.route(RouteRequest.http("a.example.com", "/app/x"));
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.explanation()).anyMatch(l -> l.contains("the request carries no INGRESSCOOKIE cookie")
        && l.contains("sets INGRESSCOOKIE=<endpoint>; Max-Age=60; Path=/app; SameSite=Strict; HttpOnly"));
    RouteAnswer carrying = c.route(RouteRequest.http("a.example.com", "/app")
        .withHeaders(Map.of("Cookie", "a=1; INGRESSCOOKIE=abc")));
    assertThat(carrying.explanation()).anyMatch(l -> l.contains("the request carries INGRESSCOOKIE=\"abc\""));
  }
}
