package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.PathMatch;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The step check: one Ingress becomes a typed record that the later steps read instead of the fabric8 object. */
class CheckStepTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      // path   | type                   | match  | compared path
      "/a/      | Prefix                 | PREFIX | /a",
      "/a/      | Exact                  | EXACT  | /a/",
      "/        | Prefix                 | PREFIX | /",
      "/a       | ImplementationSpecific | PREFIX | /a"})
  void eachPathGetsItsConflictKey(String path, String type, PathMatch match, String compared) {
    CheckedIngress c = StepFixtures.checked(Manifests.ingress("web").rule("foo.com").path(path, type, "svc", 80).yaml());
    assertThat(c.rejected()).isFalse();
    CheckedIngress.PathRule rule = c.paths().get(0);
    assertThat(rule.key()).isEqualTo(new CheckedIngress.RouteKey("foo.com", match, compared));
    assertThat(rule.path()).isEqualTo(path);
    assertThat(rule.pathType()).isEqualTo(type);
    assertThat(rule.field()).isEqualTo("spec.rules[0].http.paths[0]");
    assertThat(rule.backendOrigin().field()).isEqualTo("spec.rules[0].http.paths[0].backend");
  }

  @Test
  void backendsDefaultBackendTlsAndRuleHostsAreTyped() {
    CheckedIngress c = StepFixtures.checked(Manifests.ingress("shop", "web").created("2021-01-01T00:00:00Z")
        .rule("a.com").path("/", "Prefix", "web", 80).pathNamedPort("/n", "Prefix", "web", "http")
        .pathResource("/r", "Prefix", "k8s.example.com", "Bucket", "assets")
        .rule(null).path("/any", "Prefix", "web", 80)
        .defaultBackend("fallback", 8080)
        .tls("cert", "a.com", "b.com").tls("other").yaml());
    assertThat(c.id()).isEqualTo("shop/web");
    assertThat(c.created()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
    assertThat(c.paths()).extracting(CheckedIngress.PathRule::backend).containsExactly(
        new BackendRef.ServicePort("shop", "web", 80, ""),
        new BackendRef.ServicePort("shop", "web", 0, "http"),
        new BackendRef.Resource("shop", "k8s.example.com", "Bucket", "assets"),
        new BackendRef.ServicePort("shop", "web", 80, ""));
    assertThat(c.paths()).extracting(p -> p.key().host()).containsExactly("a.com", "a.com", "a.com", "");
    assertThat(c.defaultBackend()).isEqualTo(new BackendRef.ServicePort("shop", "fallback", 8080, ""));
    assertThat(c.tls()).containsExactly(new CheckedIngress.TlsEntry("spec.tls[0]", "cert", List.of("a.com", "b.com")),
        new CheckedIngress.TlsEntry("spec.tls[1]", "other", List.of()));
    assertThat(c.ruleHosts()).containsExactly("a.com");
    assertThat(c.hasTls()).isTrue();
  }

  @Test
  void aRejectedIngressCarriesItsErrorsAndNothingToRoute() {
    CheckedIngress c = StepFixtures.checked(Manifests.ingress("bad").rule("a.com").path("/x;y", "Prefix", "web", 80)
        .tls("cert", "a.com").defaultBackend("web", 80).yaml());
    assertThat(c.rejected()).isTrue();
    assertThat(c.diagnostics()).isNotEmpty();
    assertThat(c.paths()).isEmpty();
    assertThat(c.tls()).isEmpty();
    assertThat(c.defaultBackend()).isNull();
  }

  @Test
  void anUnsetOrUnreadableCreationTimestampCountsAsNewest() {
    assertThat(StepFixtures.checked(Manifests.ingress("a").rule("a.com").path("/", "Prefix", "web", 80).yaml()).created())
        .isEqualTo(Instant.MAX);
  }
}
