package dev.ingressc.normalize;

import static dev.ingressc.normalize.ParametersFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IngressClass parameters' values: bad ConfigMap keys and IngressParameters fields, load-balancing algorithms, durations, sizes and the proxies' limits. */
class ParametersValuesTest {
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
}
