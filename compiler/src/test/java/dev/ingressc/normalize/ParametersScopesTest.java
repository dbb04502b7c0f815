package dev.ingressc.normalize;

import static dev.ingressc.normalize.ParametersFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IngressClass spec.parameters: ConfigMap and IngressParameters in both scopes, no parameters, unusable references, and each Ingress getting its own class's. */
class ParametersScopesTest {
  static void assertTuned(Compiled c) {
    assertThat(c.diagnostics(Severity.ERROR)).as(c.toString()).isEmpty();
    assertThat(c.diagnostics(Severity.WARNING)).as(c.toString()).isEmpty();
    var vhost = c.ir().virtualHosts().get(0);
    assertThat(vhost.tls()).isPresent();
    assertThat(vhost.tls().get().redirectToHttps()).isFalse();
    assertThat(c.route("foo.example.com", "/").status()).isEqualTo(200);
    assertThat(vhost.routes()).extracting(Route::settings)
        .containsOnly(new RouteSettings(Duration.ofSeconds(3), Duration.ofMinutes(2), 8L * 1024 * 1024));
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(LoadBalancing.LEAST_CONNECTIONS);
    var assets = c.route("foo.example.com", "/assets/logo.png");
    assertThat(assets.status()).isEqualTo(200);
    assertThat(Compiled.describe(assets)).isEqualTo("Bucket/assets");
    assertThat(assets.upstream().get().kind()).isEqualTo(UpstreamKind.DNS);
    assertThat(c.endpoints(assets)).containsExactly(new Endpoint("assets.example.com", 8080));
    var ip = c.route("foo.example.com", "/ip");
    assertThat(ip.upstream().get().kind()).isEqualTo(UpstreamKind.STATIC);
    assertThat(c.endpoints(ip)).containsExactly(new Endpoint("10.1.2.3", 80));
  }

  @Test
  void ingressParametersInClusterScope() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS + "    scope: Cluster\n"),
        TUNED, ingressOfClass("tuned"));
    assertTuned(c);
  }

  @Test
  void clusterIsTheDefaultScope() {
    assertTuned(Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), TUNED, ingressOfClass("tuned")));
  }

  @Test
  void ingressParametersInNamespaceScope() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS + "    scope: Namespace\n    namespace: team\n"),
        TUNED.replace("  name: tuned\n", "  name: tuned\n  namespace: team\n"),
        ingressOfClass("tuned"));
    assertTuned(c);
  }

  @Test
  void configMapInNamespaceScope() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("load-balance", "least-connections");
    data.put("ssl-redirect", "false");
    data.put("proxy-connect-timeout", "3");
    data.put("proxy-read-timeout", "120s");
    data.put("proxy-body-size", "8m");
    data.put("resource-backends", "# apiGroup/Kind/name=url\nstorage.example.com/Bucket/assets=http://assets.example.com:8080\n"
        + "/Thing/ip=http://10.1.2.3:80\n");
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", "tuning", data),
        ingressOfClass("tuned"));
    assertTuned(c);
  }

  @Test
  void noParametersMeansTheDefaults() {
    Compiled c = Compiled.docs(Manifests.ingressClass("plain", OURS, false), ingressOfClass("plain"));
    var vhost = c.ir().virtualHosts().get(0);
    assertThat(vhost.tls().get().redirectToHttps()).isTrue();
    assertThat(c.route("foo.example.com", "/").status()).isEqualTo(308);
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(LoadBalancing.ROUND_ROBIN);
    assertThat(vhost.routes()).extracting(Route::settings).containsOnly(RouteSettings.DEFAULTS);
    // without parameters no resource backend is mapped
    assertThat(Compiled.describe(c.routeHttps("foo.example.com", "/assets", "foo.example.com"))).isEqualTo("web");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // the parameters reference                                          | field              | problem
      "kind: ConfigMap\\n    name: tuning                                   | spec.parameters.scope | a ConfigMap is namespaced: use scope Namespace with its namespace",
      "kind: ConfigMap\\n    name: tuning\\n    scope: Namespace             | spec.parameters.namespace | scope Namespace requires namespace",
      "kind: ConfigMap\\n    name: nope\\n    scope: Namespace\\n    namespace: ops | spec.parameters | ConfigMap ops/nope does not exist",
      "apiGroup: ingressc.dev\\n    kind: IngressParameters\\n    name: nope | spec.parameters | IngressParameters nope does not exist",
      "apiGroup: ingressc.dev\\n    kind: IngressParameters\\n    name: tuned\\n    scope: Namespace\\n    namespace: team | spec.parameters | IngressParameters team/tuned does not exist",
      "apiGroup: ingressc.dev\\n    kind: IngressParameters\\n    name: tuned\\n    namespace: team | spec.parameters.namespace | namespace must be empty when scope is Cluster",
      "apiGroup: ingressc.dev\\n    kind: IngressParameters\\n    name: tuned\\n    scope: Galaxy | spec.parameters.scope | \"Galaxy\" is not a scope: use Cluster or Namespace",
      "apiGroup: example.com\\n    kind: Tuning\\n    name: tuned            | spec.parameters | parameters of kind \"example.com/Tuning\" are not understood: use a ConfigMap or ingressc.dev IngressParameters",
  })
  void unusableReferenceGetsAWarningAndTheDefaults(String ref, String field, String problem) {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, "  parameters:\n    " + ref.replace("\\n", "\n") + "\n"),
        TUNED,
        Manifests.configMap("ops", "tuning", Map.of("load-balance", "random")),
        ingressOfClass("tuned"));
    assertThat(c.diagnostics(Severity.WARNING)).as(c.toString())
        .filteredOn(d -> d.object().equals("IngressClass tuned"))
        .extracting(Diagnostic::file, Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple(Compiled.FILE, field, problem + "; the default parameters are used"));
    assertThat(c.compilation().takenIngresses()).containsExactly("default/web");
    assertThat(c.ir().virtualHosts().get(0).tls().get().redirectToHttps()).isTrue();
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(LoadBalancing.ROUND_ROBIN);
    // the resource backends are unmapped with the defaults, so they are rejected
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::message).anySatisfy(m -> assertThat(m)
        .contains("kind Bucket"));
  }

  @Test
  void eachIngressGetsItsOwnClassParameters() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), TUNED,
        Manifests.ingressClass("plain", OURS, false),
        Manifests.ingress("fast").className("tuned").rule("fast.example.com").path("/", "Prefix", "a", 80).yaml(),
        Manifests.ingress("slow").className("plain").rule("slow.example.com").path("/", "Prefix", "b", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("b", 80));
    assertThat(c.route("fast.example.com", "/").route().get().settings().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.route("slow.example.com", "/").route().get().settings()).isEqualTo(RouteSettings.DEFAULTS);
    assertThat(c.route("fast.example.com", "/").upstream().get().loadBalancing()).isEqualTo(LoadBalancing.LEAST_CONNECTIONS);
    assertThat(c.route("slow.example.com", "/").upstream().get().loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
  }
}
