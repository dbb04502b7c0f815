package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IngressClass spec.parameters: ConfigMap keys and IngressParameters fields, both scopes, and bad values. */
class ParametersTest {
  static final String OURS = ClassSelectionTest.OURS;

  static final String CLUSTER_PARAMS = """
        parameters:
          apiGroup: ingressc.dev
          kind: IngressParameters
          name: tuned
      """;

  static final String TUNED = """
      apiVersion: ingressc.dev/v1alpha1
      kind: IngressParameters
      metadata:
        name: tuned
      spec:
        loadBalancing: least-connections
        sslRedirect: false
        proxyConnectTimeout: 3s
        proxyReadTimeout: 2m
        proxyBodySize: 8m
        resourceBackends:
        - apiGroup: storage.example.com
          kind: Bucket
          name: assets
          url: http://assets.example.com:8080
        - kind: Thing
          name: ip
          url: http://10.1.2.3
      """;

  /** An Ingress of class "tuned" with a Service route, a resource route and TLS. */
  static String ingressOfClass(String className) {
    TestCerts.Cert cert = TestCerts.selfSigned("foo.example.com");
    return Manifests.join(
        Manifests.ingress("web").className(className)
            .rule("foo.example.com")
            .path("/", "Prefix", "web", 80)
            .pathResource("/assets", "Prefix", "storage.example.com", "Bucket", "assets")
            .pathResource("/ip", "Prefix", "\"\"", "Thing", "ip")
            .tls("cert", "foo.example.com")
            .yaml(),
        Manifests.service("web", 80),
        Manifests.tlsSecret("default", "cert", cert.certificatePem(), cert.pkcs8KeyPem()));
  }

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
  void invalidConfigMapValuesGetAWarningEachAndTheirDefault() {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("load-balance", "fastest");
    data.put("ssl-redirect", "yes");
    data.put("proxy-connect-timeout", "0");
    data.put("proxy-read-timeout", "1 minute");
    data.put("proxy-body-size", "10x");
    data.put("resource-backends", "storage.example.com/Bucket=http://x\n/Thing/ip=https://10.1.2.3\n");
    data.put("colour", "blue");
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", "tuning", data),
        ingressOfClass("tuned"));
    // the ConfigMap starts on line 14 of the file; its data keys are on lines 20..26
    assertThat(c.diagnostics()).filteredOn(d -> d.object().equals("ConfigMap ops/tuning"))
        .extracting(Diagnostic::severity, Diagnostic::line, Diagnostic::field, Diagnostic::message)
        .containsExactlyInAnyOrder(
            tuple(Severity.WARNING, 20, "data[load-balance]", "\"fastest\" is not a load-balancing algorithm: use round-robin,"
                + " least-connections, random or client-ip-hash; the default is used"),
            tuple(Severity.WARNING, 21, "data[ssl-redirect]", "\"yes\" is not true or false; the default is used"),
            tuple(Severity.WARNING, 22, "data[proxy-connect-timeout]", "\"0\" is not a duration such as 500ms, 5s, 2m or 1h"
                + " (a bare number is seconds); the default is used"),
            tuple(Severity.WARNING, 23, "data[proxy-read-timeout]", "\"1 minute\" is not a duration such as 500ms, 5s, 2m or 1h"
                + " (a bare number is seconds); the default is used"),
            tuple(Severity.WARNING, 24, "data[proxy-body-size]", "\"10x\" is not a size such as 1048576, 512k, 8m or 1g"
                + " (0 means no limit); the default is used"),
            tuple(Severity.WARNING, 25, "data[resource-backends]", "\"storage.example.com/Bucket=http://x\" is not"
                + " apiGroup/Kind/name=http://host:port; the default is used"),
            tuple(Severity.WARNING, 25, "data[resource-backends]", "\"https://10.1.2.3\" must be an http:// URL; the default is used"),
            tuple(Severity.NOTE, 26, "data[colour]", "unknown key \"colour\" is ignored"));
    assertThat(c.diagnostics()).filteredOn(d -> d.object().equals("ConfigMap ops/tuning"))
        .allSatisfy(d -> assertThat(d.file()).isEqualTo(Compiled.FILE));
    assertThat(c.ir().virtualHosts().get(0).tls().get().redirectToHttps()).isTrue();
    assertThat(c.ir().virtualHosts().get(0).routes()).extracting(Route::settings).containsOnly(RouteSettings.DEFAULTS);
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(LoadBalancing.ROUND_ROBIN);
  }

  @Test
  void invalidIngressParametersFieldsGetAWarningEach() {
    String params = """
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata:
          name: tuned
        spec:
          loadBalancing: sticky
          sslRedirect: "maybe"
          proxyConnectTimeout: 5 s
          proxyReadTimeout: -1
          proxyBodySize: lots
          resourceBackends:
          - kind: Bucket
            url: http://x
          - kind: Bucket
            name: assets
            url: http://user@x:80/path
          extra: 1
        """;
    // the IngressParameters document starts on line 13, so spec is on line 17
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), params, ingressOfClass("tuned"));
    assertThat(c.diagnostics()).filteredOn(d -> d.object().equals("IngressParameters tuned"))
        .extracting(Diagnostic::line, Diagnostic::field)
        .containsExactlyInAnyOrder(
            tuple(18, "spec.loadBalancing"), tuple(19, "spec.sslRedirect"), tuple(20, "spec.proxyConnectTimeout"),
            tuple(21, "spec.proxyReadTimeout"), tuple(22, "spec.proxyBodySize"),
            tuple(24, "spec.resourceBackends[0]"), tuple(26, "spec.resourceBackends[1]"), tuple(29, "spec.extra"));
    assertThat(c.diagnostics()).filteredOn(d -> d.field().equals("spec.resourceBackends[0]"))
        .extracting(Diagnostic::message).containsExactly("a resource backend needs kind and name; the default is used");
    assertThat(c.diagnostics()).filteredOn(d -> d.field().equals("spec.resourceBackends[1]"))
        .extracting(Diagnostic::message).containsExactly(
            "\"http://user@x:80/path\" must be only http://HOST[:PORT], with no user, path or query; the default is used");
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(LoadBalancing.ROUND_ROBIN);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "round-robin, ROUND_ROBIN", "least-connections, LEAST_CONNECTIONS", "random, RANDOM",
      "client-ip-hash, CLIENT_IP_HASH", "Least-Connections, LEAST_CONNECTIONS"})
  void loadBalancingAlgorithms(String value, LoadBalancing expected) {
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS),
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\nspec:\n  loadBalancing: "
            + value + "\n",
        ingressOfClass("tuned"));
    assertThat(c.ir().upstreams()).extracting(Upstream::loadBalancing).containsOnly(expected);
  }

  @ParameterizedTest(name = "timeout {0}, body {1}")
  @CsvSource({"500ms, 0, PT0.5S, 0", "7, 512k, PT7S, 524288", "1h, 1g, PT1H, 1073741824", "2m, 1048576, PT2M, 1048576"})
  void durationsAndSizes(String duration, String size, Duration expected, long bytes) {
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS),
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\nspec:\n"
            + "  proxyConnectTimeout: " + duration + "\n  proxyReadTimeout: " + duration + "\n  proxyBodySize: \"" + size + "\"\n",
        ingressOfClass("tuned"));
    assertThat(c.diagnostics(Severity.WARNING)).isEmpty();
    assertThat(c.ir().virtualHosts().get(0).routes()).extracting(Route::settings)
        .containsOnly(new RouteSettings(expected, expected, bytes));
  }

  /** The largest values every proxy loads: HAProxy's timer limit, Envoy's 32-bit body limit. */
  @ParameterizedTest(name = "timeout {0}, body {1}")
  @CsvSource({"2147483s, 4294967295, PT596H31M23S, 4294967295", "596h, 4194303k, PT596H, 4294966272"})
  void theLargestValuesEveryProxyLoadsAreKept(String duration, String size, Duration expected, long bytes) {
    durationsAndSizes(duration, size, expected, bytes);
  }

  @ParameterizedTest(name = "timeout {0}, body {1}")
  @CsvSource({"2147484s, 4294967296", "597h, 4g", "3000000h, 8589934592g", "999999999h, 999999999999g"})
  void valuesBeyondAProxyLimitGetAWarningAndTheDefault(String duration, String size) {
    String timeoutProblem = " is longer than 2147483647ms (about 24 days), the longest timeout every proxy accepts"
        + " (HAProxy's timer limit); the default is used";
    String sizeProblem = " is larger than 4294967295 bytes (4g less one byte), the largest body limit every proxy"
        + " accepts (Envoy's is 32 bits); 0 means no limit; the default is used";
    Compiled viaParameters = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS),
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\nspec:\n"
            + "  proxyConnectTimeout: " + duration + "\n  proxyReadTimeout: " + duration + "\n  proxyBodySize: \"" + size + "\"\n",
        ingressOfClass("tuned"));
    assertThat(viaParameters.diagnostics()).filteredOn(d -> d.object().equals("IngressParameters tuned"))
        .extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::message).containsExactlyInAnyOrder(
            tuple(Severity.WARNING, "spec.proxyConnectTimeout", "\"" + duration + "\"" + timeoutProblem),
            tuple(Severity.WARNING, "spec.proxyReadTimeout", "\"" + duration + "\"" + timeoutProblem),
            tuple(Severity.WARNING, "spec.proxyBodySize", "\"" + size + "\"" + sizeProblem));
    Map<String, String> data = new LinkedHashMap<>();
    data.put("proxy-connect-timeout", duration);
    data.put("proxy-read-timeout", duration);
    data.put("proxy-body-size", size);
    Compiled viaConfigMap = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", "tuning", data), ingressOfClass("tuned"));
    assertThat(viaConfigMap.diagnostics()).filteredOn(d -> d.object().equals("ConfigMap ops/tuning"))
        .extracting(Diagnostic::field, Diagnostic::message).containsExactlyInAnyOrder(
            tuple("data[proxy-connect-timeout]", "\"" + duration + "\"" + timeoutProblem),
            tuple("data[proxy-read-timeout]", "\"" + duration + "\"" + timeoutProblem),
            tuple("data[proxy-body-size]", "\"" + size + "\"" + sizeProblem));
    for (Compiled c : List.of(viaParameters, viaConfigMap)) {
      assertThat(c.ir().virtualHosts().get(0).routes()).extracting(Route::settings).containsOnly(RouteSettings.DEFAULTS);
    }
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

  static final String NO_HTTP2 = "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\n"
      + "spec:\n  http2: false\n";

  @Test
  void http2IsOnByDefault() {
    Compiled c = Compiled.docs(Manifests.ingressClass("plain", OURS, false), ingressOfClass("plain"));
    assertThat(c.ir().listener()).isEqualTo(ListenerSettings.DEFAULTS);
    assertThat(c.ir().listener().http2()).isTrue();
  }

  @Test
  void grpcUpstreamsWarnWhenHttp2IsOff() {
    String grpc = Manifests.ingress("greeter").className("tuned")
        .annotation("nginx.ingress.kubernetes.io/backend-protocol", "GRPC").rule("grpc.example.com")
        .path("/", "Prefix", "greeter", 50051).yaml();
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), NO_HTTP2, grpc,
        Manifests.service("greeter", 50051));
    assertThat(c.diagnostics(Severity.WARNING)).extracting(dev.ingressc.diag.Diagnostic::message)
        .anyMatch(m -> m.contains("default/greeter:50051 speaks GRPC") && m.contains("no gRPC client can reach it"));
  }

  @Test
  void ingressParametersTurnHttp2Off() {
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), NO_HTTP2, ingressOfClass("tuned"));
    assertThat(c.diagnostics(Severity.WARNING)).as(c.toString()).isEmpty();
    assertThat(c.ir().listener().http2()).isFalse();
  }

  @ParameterizedTest(name = "use-http2: {0}")
  @CsvSource({"false, false", "true, true"})
  void configMapUseHttp2(String value, boolean expected) {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", "tuning", Map.of("use-http2", value)),
        ingressOfClass("tuned"));
    assertThat(c.diagnostics(Severity.WARNING)).as(c.toString()).isEmpty();
    assertThat(c.ir().listener().http2()).isEqualTo(expected);
  }

  @Test
  void invalidUseHttp2GetsAWarningAndTheDefault() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false,
            "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n"),
        Manifests.configMap("ops", "tuning", Map.of("use-http2", "off")),
        ingressOfClass("tuned"));
    assertThat(c.diagnostics(Severity.WARNING)).filteredOn(d -> d.object().equals("ConfigMap ops/tuning"))
        .extracting(Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple("data[use-http2]", "\"off\" is not true or false; the default is used"));
    assertThat(c.ir().listener().http2()).isTrue();
  }

  @Test
  void oneClassTurningHttp2OffTurnsItOffForAllWithANote() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), NO_HTTP2,
        Manifests.ingressClass("plain", OURS, false),
        Manifests.ingress("fast").className("tuned").rule("fast.example.com").path("/", "Prefix", "a", 80).yaml(),
        Manifests.ingress("slow").className("plain").rule("slow.example.com").path("/", "Prefix", "b", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("b", 80));
    assertThat(c.ir().listener().http2()).isFalse();
    assertThat(c.diagnostics(Severity.NOTE)).filteredOn(d -> d.object().equals("IngressClass tuned"))
        .extracting(Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple("spec.parameters", "its parameters turn HTTP/2 off, so it is off on the TLS listener for"
            + " every host, also those of class(es) plain, which leave it on: the proxies switch it per listening port"));
  }

  @Test
  void aClassNoIngressUsesDoesNotTurnHttp2Off() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS), NO_HTTP2,
        Manifests.ingressClass("plain", OURS, false), ingressOfClass("plain"));
    assertThat(c.ir().listener().http2()).isTrue();
  }
}
