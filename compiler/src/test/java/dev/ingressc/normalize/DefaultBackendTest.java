package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;

/** Default backends: an Ingress's own, --default-backend, and 404 without either. */
class DefaultBackendTest {

  // A malformed --default-backend is the CLI's to parse: FlagParsersTest.

  static final String RULES = Manifests.ingress("rules").rule("foo.com").path("/app", "Prefix", "app", 80).yaml();

  @Test
  void anIngressDefaultBackendServesEverythingNoRuleTakes() {
    Compiled c = Compiled.docs(RULES,
        Manifests.ingress("fallback").defaultBackend("fallback", 80).yaml(),
        Manifests.service("app", 80), Manifests.service("fallback", 80));
    assertThat(c.target("foo.com", "/app/x")).isEqualTo("app");
    assertThat(c.target("foo.com", "/other")).isEqualTo("fallback");
    assertThat(c.target("bar.com", "/app")).isEqualTo("fallback");
    RouteAnswer a = c.route("bar.com", "/");
    assertThat(a.route()).isEmpty();
    assertThat(a.backend().get().origin().ingress()).isEqualTo("default/fallback");
  }

  @Test
  void controllerDefaultBackendIsUsedWhenNoIngressHasOne() {
    Compiled c = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80),
            Manifests.serviceNamedPorts("ops", "backstop", "http=8080")),
        CompileOptions.defaults().withDefaultBackend(new BackendRef.ServicePort("ops", "backstop", 8080, "")));
    RouteAnswer a = c.route("bar.com", "/");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.backend().get().ref().display()).isEqualTo("ops/backstop:8080");
    assertThat(c.endpoints(a)).containsExactly(new Endpoint("backstop.ops.svc.cluster.local", 8080));
    assertThat(c.diagnostics()).isEmpty();

    Compiled named = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80),
            Manifests.serviceNamedPorts("ops", "backstop", "http=8080")),
        CompileOptions.defaults().withDefaultBackend(new BackendRef.ServicePort("ops", "backstop", 0, "http")));
    assertThat(named.endpoints(named.route("bar.com", "/")))
        .containsExactly(new Endpoint("backstop.ops.svc.cluster.local", 8080));
  }

  @Test
  void anIngressDefaultBackendBeatsTheControllerDefault() {
    Compiled c = Compiled.of(Manifests.join(RULES,
            Manifests.ingress("fallback").defaultBackend("fallback", 80).yaml(),
            Manifests.service("app", 80), Manifests.service("fallback", 80),
            Manifests.serviceNamedPorts("ops", "backstop", "http=8080")),
        CompileOptions.defaults().withDefaultBackend(new BackendRef.ServicePort("ops", "backstop", 8080, "")));
    assertThat(c.target("bar.com", "/")).isEqualTo("fallback");
  }

  @Test
  void withNeitherTheAnswerIs404() {
    Compiled c = Compiled.docs(RULES, Manifests.service("app", 80));
    RouteAnswer a = c.route("bar.com", "/");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.backend()).isEmpty();
    assertThat(c.ir().defaultBackend()).isEmpty();
  }

  @Test
  void controllerDefaultBackendToAMissingServiceAnswers503() {
    Compiled c = Compiled.of(Manifests.join(RULES, Manifests.service("app", 80)),
        CompileOptions.defaults().withDefaultBackend(new BackendRef.ServicePort("ops", "ghost", 80, "")));
    assertThat(c.route("bar.com", "/").status()).isEqualTo(503);
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "", "", 0, "--default-backend",
        "Service ops/ghost does not exist; requests for this backend get 503"));
  }
}
