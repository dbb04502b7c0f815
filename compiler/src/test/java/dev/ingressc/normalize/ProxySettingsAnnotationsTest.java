package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.Upstream;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** proxy-body-size and the proxy timeouts per Ingress (SEMANTICS.md, "Proxy settings per Ingress"). */
class ProxySettingsAnnotationsTest {
  private static final String P = "nginx.ingress.kubernetes.io/";
  /** A class whose parameters differ from the defaults, so an override is told apart from both. */
  private static final String CLASS = Manifests.ingressClassWithConfigMap("tuned", "proxy-connect-timeout=7s",
      "proxy-read-timeout=90s", "proxy-body-size=2m");

  private static IngressManifest ingress(String name, String host) {
    return Manifests.ingress(name).created("2024-01-01T00:00:00Z").className("tuned").rule(host)
        .path("/", "Prefix", "web", 80);
  }

  private static RouteSettings settings(Compiled c, String host) {
    return c.ir().virtualHosts().stream().filter(v -> v.host().equals(host)).findFirst().orElseThrow()
        .routes().get(0).settings();
  }

  @Test
  void eachAnnotationOverridesItsClassParameterAndNothingElse() {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80),
        ingress("plain", "plain.example.com").yaml(),
        ingress("body", "body.example.com").annotation(P + "proxy-body-size", "150m").yaml(),
        ingress("connect", "connect.example.com").annotation(P + "proxy-connect-timeout", "12").yaml(),
        ingress("read", "read.example.com").annotation(P + "proxy-read-timeout", "3600").yaml(),
        ingress("open", "open.example.com").annotation(P + "proxy-body-size", "0").yaml());
    assertThat(c.diagnostics()).isEmpty();
    RouteSettings cls = new RouteSettings(Duration.ofSeconds(7), Duration.ofSeconds(90), 2L << 20);
    assertThat(settings(c, "plain.example.com")).isEqualTo(cls);
    assertThat(settings(c, "body.example.com")).isEqualTo(new RouteSettings(cls.connectTimeout(), cls.readTimeout(),
        150L << 20));
    assertThat(settings(c, "connect.example.com")).isEqualTo(new RouteSettings(Duration.ofSeconds(12),
        cls.readTimeout(), cls.maxBodyBytes()));
    assertThat(settings(c, "read.example.com")).isEqualTo(new RouteSettings(cls.connectTimeout(),
        Duration.ofHours(1), cls.maxBodyBytes()));
    assertThat(settings(c, "open.example.com").maxBodyBytes()).isZero();
  }

  @ParameterizedTest
  @CsvSource({"8m, 8388608", "8M, 8388608", "512k, 524288", "1g, 1073741824", "1048576, 1048576", "' 3m ', 3145728"})
  void sizesAreReadAsNginxWritesThem(String written, long bytes) {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80),
        ingress("a", "a.example.com").annotation(P + "proxy-body-size", written).yaml());
    assertThat(c.diagnostics()).isEmpty();
    assertThat(settings(c, "a.example.com").maxBodyBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10s", "1.5", "-1", "0", "99999999999", "", "5;", "60 # x"})
  void aTimeoutThatIsNotWholeSecondsIsIgnoredWithAWarning(String written) {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80),
        ingress("a", "a.example.com").annotation(P + "proxy-read-timeout", written).yaml());
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, "metadata.annotations[" + P + "proxy-read-timeout]"));
    assertThat(settings(c, "a.example.com").readTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "1mb", "5g", "1.5m", "", "1m;", "-1"})
  void aSizeNoProxyTakesIsIgnoredWithAWarningAndTheClassLimitStays(String written) {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80),
        ingress("a", "a.example.com").annotation(P + "proxy-body-size", written).yaml());
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsExactly(Severity.WARNING);
    assertThat(settings(c, "a.example.com").maxBodyBytes()).isEqualTo(2L << 20);
  }

  @ParameterizedTest
  @CsvSource({
      // read, send, the one inactivity timeout (s); -1: unset
      "-1, 120, 120", "-1, 30, 90", "30, 120, 120", "120, 30, 120", "45, 45, 45"})
  void theReadAndSendTimeoutsMakeOneInactivityTimerTheLonger(int read, int send, int idle) {
    IngressManifest m = ingress("a", "a.example.com");
    if (read >= 0) {
      m.annotation(P + "proxy-read-timeout", String.valueOf(read));
    }
    m.annotation(P + "proxy-send-timeout", String.valueOf(send));
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80), m.yaml());
    assertThat(settings(c, "a.example.com").readTimeout()).isEqualTo(Duration.ofSeconds(idle));
    // Told when they differ, silent when they agree.
    assertThat(c.diagnostics()).hasSize(read == send ? 0 : 1);
  }

  @Test
  void aCanaryTakesTheMainRoutesSettingsAndItsOwnAreIgnoredWithAWarning() {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80), Manifests.service("next", 80),
        ingress("main", "a.example.com").annotation(P + "proxy-connect-timeout", "20").yaml(),
        Manifests.ingress("canary").created("2024-02-01T00:00:00Z").className("tuned")
            .annotation(P + "canary", "true").annotation(P + "canary-weight", "10")
            .annotation(P + "proxy-connect-timeout", "30").annotation(P + "proxy-body-size", "1k")
            .rule("a.example.com").path("/", "Prefix", "next", 80).yaml());
    Route r = c.ir().virtualHosts().get(0).routes().get(0);
    assertThat(r.canary()).isPresent();
    assertThat(r.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(r.settings().maxBodyBytes()).isEqualTo(2L << 20);
    assertThat(c.diagnostics()).extracting(Diagnostic::field).containsExactlyInAnyOrder(
        "metadata.annotations[" + P + "proxy-connect-timeout]", "metadata.annotations[" + P + "proxy-body-size]");
    // The canary's Service is connected to as the main route asks (Envoy's cluster connect timeout).
    Upstream next = c.ir().upstream(r.canary().get().backend().upstream()).orElseThrow();
    assertThat(next.connectTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aServiceSharedByRoutesWithDifferentConnectTimeoutsIsConnectedToWithTheLongest() {
    Compiled c = Compiled.docs(CLASS, Manifests.service("web", 80),
        ingress("short", "a.example.com").annotation(P + "proxy-connect-timeout", "3").yaml(),
        ingress("long", "b.example.com").annotation(P + "proxy-connect-timeout", "25").yaml());
    Route a = c.ir().virtualHosts().get(0).routes().get(0);
    assertThat(a.settings().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.ir().upstream(a.backend().upstream()).orElseThrow().connectTimeout())
        .isEqualTo(Duration.ofSeconds(25));
  }

  @Test
  void theOracleExplainsSettingsThatAreNotTheDefaults() {
    Compiled c = Compiled.docs(Manifests.service("web", 80),
        Manifests.ingress("a").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        Manifests.ingress("b").annotation(P + "proxy-body-size", "8m").annotation(P + "proxy-read-timeout", "120")
            .rule("b.example.com").path("/", "Prefix", "web", 80).yaml());
    assertThat(c.route("a.example.com", "/").explanation()).noneMatch(l -> l.startsWith("proxy settings"));
    assertThat(c.route("b.example.com", "/x").explanation()).contains("proxy settings (Ingress default/b's proxy-*"
        + " annotations, over its class's parameters): connect timeout 5s, the backend may stay silent 120s either"
        + " way, a body over 8388608 bytes gets 413");
  }
}
