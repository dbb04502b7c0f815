package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.ir.Upstream;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.ingressc.testkit.fixtures.IngressManifest;

/** The backend-protocol annotation: parsed as ingress-nginx does, one protocol per upstream. */
class BackendProtocolTest {
  private static final String KEY = BackendProtocols.ANNOTATION;

  private static IngressManifest web(String name, String created) {
    return Manifests.ingress(name).created(created).rule(name + ".example.com").path("/", "Prefix", "web", 80);
  }

  private static BackendProtocol protocolOf(Compiled c, String upstream) {
    return c.ir().upstream(upstream).orElseThrow().protocol();
  }

  @ParameterizedTest
  @CsvSource({"HTTP, HTTP", "HTTPS, HTTPS", "GRPC, GRPC", "GRPCS, GRPCS", "grpc, GRPC", "' gRPCs ', GRPCS", "https, HTTPS"})
  void theValueIsComparedCaseInsensitivelyAndTrimmed(String value, BackendProtocol expected) {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, value).yaml(), Manifests.service("web", 80));
    assertThat(protocolOf(c, "default/web:80")).isEqualTo(expected);
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void withoutTheAnnotationBackendsAreHttp() {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").yaml(), Manifests.service("web", 80));
    assertThat(c.ir().upstreams()).extracting(Upstream::protocol).containsExactly(BackendProtocol.HTTP);
  }

  @ParameterizedTest
  @CsvSource({
      "FCGI, '\"FCGI\" is not supported by ingressc (HTTP, HTTPS, GRPC or GRPCS are); HTTP is used'",
      "auto_http, '\"auto_http\" is not supported by ingressc (HTTP, HTTPS, GRPC or GRPCS are); HTTP is used'",
      "AJP, '\"AJP\" is not supported by ingressc (HTTP, HTTPS, GRPC or GRPCS are); HTTP is used'",
      "h2c, '\"h2c\" is not a backend protocol (HTTP, HTTPS, GRPC or GRPCS); HTTP is used, as ingress-nginx does'",
      "'', '\"\" is not a backend protocol (HTTP, HTTPS, GRPC or GRPCS); HTTP is used, as ingress-nginx does'"})
  void anUnusableValueIsReportedOnItsLineAndHttpIsUsed(String value, String message) {
    Compiled c = Compiled.docs(web("a", "2024-01-01T00:00:00Z").annotation(KEY, value).yaml(), Manifests.service("web", 80));
    assertThat(protocolOf(c, "default/web:80")).isEqualTo(BackendProtocol.HTTP);
    // line 9: the key, under "---", apiVersion, kind, metadata, name, namespace, creationTimestamp, annotations
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/a", Compiled.FILE, 9,
        "metadata.annotations[" + KEY + "]", message, dev.ingressc.annotations.AnnotationAccounting.INVALID_VALUE));
  }

  @Test
  void aSharedServicePortTakesTheOldestIngressProtocolAndWarnsTheOthers() {
    String older = web("old", "2024-01-01T00:00:00Z").annotation(KEY, "GRPC").yaml();
    String younger = web("young", "2024-02-01T00:00:00Z").yaml();
    String youngest = web("youngest", "2024-03-01T00:00:00Z").annotation(KEY, "grpc").yaml();
    // Input order does not matter: the oldest decides.
    Compiled c = Compiled.docs(youngest, younger, older, Manifests.service("web", 80));
    assertThat(c.ir().upstreams()).extracting(Upstream::name, Upstream::protocol)
        .containsExactly(tuple("default/web:80", BackendProtocol.GRPC));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object, Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple(Severity.WARNING, "Ingress default/young", "spec.rules[0].http.paths[0].backend",
            "upstream default/web:80 is shared with an older Ingress whose backend protocol is GRPC; this Ingress's"
                + " backend protocol HTTP (metadata.annotations[" + KEY + "]) is not applied"));
    // Every route to the Service port goes to the one upstream, whatever its Ingress asked.
    assertThat(c.route("young.example.com", "/").upstream().orElseThrow().protocol()).isEqualTo(BackendProtocol.GRPC);
  }

  @Test
  void differentServicePortsKeepTheirOwnProtocols() {
    Compiled c = Compiled.docs(
        Manifests.ingress("g").annotation(KEY, "GRPCS").rule("g.example.com").path("/", "Prefix", "grpc", 443).yaml(),
        Manifests.ingress("h").annotation(KEY, "HTTPS").rule("h.example.com").path("/", "Prefix", "tls", 8443).yaml(),
        Manifests.ingress("p").rule("p.example.com").path("/", "Prefix", "plain", 80).yaml(),
        Manifests.service("grpc", 443), Manifests.service("tls", 8443), Manifests.service("plain", 80));
    assertThat(c.ir().upstreams()).extracting(Upstream::name, Upstream::protocol).containsExactly(
        tuple("default/grpc:443", BackendProtocol.GRPCS), tuple("default/plain:80", BackendProtocol.HTTP),
        tuple("default/tls:8443", BackendProtocol.HTTPS));
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void anAnnotatedIngressDefaultBackendFollowsTheAnnotation() {
    Compiled c = Compiled.docs(Manifests.ingress("fallback").annotation(KEY, "GRPC").defaultBackend("fallback", 80).yaml(),
        Manifests.service("fallback", 80));
    assertThat(c.route("any.example.com", "/").upstream().orElseThrow().protocol()).isEqualTo(BackendProtocol.GRPC);
  }

  @Test
  void theControllerDefaultBackendIsHttp() {
    Compiled c = Compiled.of(Manifests.join(
            Manifests.ingress("g").annotation(KEY, "GRPC").rule("g.example.com").path("/", "Prefix", "app", 80).yaml(),
            Manifests.service("app", 80), Manifests.serviceNamedPorts("ops", "backstop", "http=8080")),
        CompileOptions.defaults().withDefaultBackend(new dev.ingressc.ir.BackendRef.ServicePort("ops", "backstop", 8080, "")));
    assertThat(c.route("other.example.com", "/").upstream().orElseThrow().protocol()).isEqualTo(BackendProtocol.HTTP);
    assertThat(c.route("g.example.com", "/").upstream().orElseThrow().protocol()).isEqualTo(BackendProtocol.GRPC);
  }

  @Test
  void aResourceBackendStaysHttpAndSaysSo() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: ours}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: p}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: p}
        spec:
          resourceBackends:
          - {apiGroup: storage.example.com, kind: Bucket, name: assets, url: "http://10.0.0.9:8080"}
        """;
    Compiled c = Compiled.docs(yaml, Manifests.ingress("r").className("ours").annotation(KEY, "GRPC")
        .rule("r.example.com").pathResource("/static", "Prefix", "storage.example.com", "Bucket", "assets").yaml());
    assertThat(c.route("r.example.com", "/static").upstream().orElseThrow().protocol()).isEqualTo(BackendProtocol.HTTP);
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple(Severity.WARNING, "spec.rules[0].http.paths[0].backend",
            "the backend protocol GRPC (metadata.annotations[" + KEY + "]) does not apply to a resource backend,"
                + " whose URL is http://; HTTP is used"));
  }
}
