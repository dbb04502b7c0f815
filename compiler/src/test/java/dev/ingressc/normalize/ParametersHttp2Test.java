package dev.ingressc.normalize;

import static dev.ingressc.normalize.ParametersFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.ListenerSettings;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HTTP/2 on the TLS listener: on by default, turned off by a class's parameters, and what that means for gRPC and other classes. */
class ParametersHttp2Test {
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
