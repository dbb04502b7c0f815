package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.ingressc.testkit.fixtures.Manifests.notReady;
import static dev.ingressc.testkit.fixtures.Manifests.ready;
import static dev.ingressc.testkit.fixtures.Manifests.unknown;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import dev.ingressc.testkit.fixtures.IngressManifest;

/** Backends: Service ports by number and name, EndpointSlices, DNS fallback, ExternalName, resources. */
class BackendResolutionTest {
  static final String FIELD = "spec.rules[0].http.paths[0].backend";

  static IngressManifest byNumber(int port) {
    return Manifests.ingress("web").rule("foo.com").path("/", "Prefix", "web", port);
  }

  static IngressManifest byName(String port) {
    return Manifests.ingress("web").rule("foo.com").pathNamedPort("/", "Prefix", "web", port);
  }

  /** Service web: port http 80 -> 8080, port metrics 9090 -> 9091. */
  static final String WEB = Manifests.serviceNamedPorts("default", "web", "http=80:8080", "metrics=9090:9091");

  static String slice(String name, String portName, int port, Manifests.Ep... eps) {
    return Manifests.endpointSlice("default", name, "web", portName, port, eps);
  }

  static String metricsSlice() {
    return slice("web-metrics", "metrics", 9091, ready("10.0.0.9"));
  }

  @Test
  void numberedPortUsesEndpointsOfTheServicePortName() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB,
        slice("web-1", "http", 8080, ready("10.0.0.2"), ready("10.0.0.1")), metricsSlice());
    RouteAnswer a = c.route("foo.com", "/");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.upstream().get().kind()).isEqualTo(UpstreamKind.STATIC);
    assertThat(c.endpoints(a)).containsExactly(new Endpoint("10.0.0.1", 8080), new Endpoint("10.0.0.2", 8080));
    assertThat(a.backend().get().ref()).isEqualTo(new BackendRef.ServicePort("default", "web", 80, ""));
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void namedPort() {
    Compiled c = Compiled.docs(byName("metrics").yaml(), WEB,
        slice("web-1", "http", 8080, ready("10.0.0.1")), metricsSlice());
    RouteAnswer a = c.route("foo.com", "/");
    assertThat(c.endpoints(a)).containsExactly(new Endpoint("10.0.0.9", 9091));
    assertThat(a.backend().get().ref()).isEqualTo(new BackendRef.ServicePort("default", "web", 0, "metrics"));
  }

  @Test
  void namedAndNumberedReferencesToOnePortShareOneUpstream() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com").pathNamedPort("/a", "Prefix", "web", "http").path("/b", "Prefix", "web", 80)
            .yaml(),
        WEB, slice("web-1", "http", 8080, ready("10.0.0.1")));
    assertThat(c.route("foo.com", "/a").upstream()).isEqualTo(c.route("foo.com", "/b").upstream());
    assertThat(c.ir().upstreams()).hasSize(1);
  }

  @Test
  void unnamedSinglePort() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), Manifests.service("web", 80),
        Manifests.endpointSlice("default", "web-x", "web", null, 8080, ready("10.0.0.1")));
    assertThat(c.endpoints(c.route("foo.com", "/"))).containsExactly(new Endpoint("10.0.0.1", 8080));
  }

  @Test
  void notReadyEndpointsAreExcludedAndAbsentReadyCountsAsReady() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB,
        slice("web-1", "http", 8080, ready("10.0.0.1"), notReady("10.0.0.2"), unknown("10.0.0.3")),
        slice("web-2", "http", 8080, notReady("10.0.0.4"), ready("10.0.0.5"), ready("10.0.0.1")));
    assertThat(c.endpoints(c.route("foo.com", "/"))).containsExactly(
        new Endpoint("10.0.0.1", 8080), new Endpoint("10.0.0.3", 8080), new Endpoint("10.0.0.5", 8080));
  }

  @Test
  void slicesButNoReadyEndpointAnswers503() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB, slice("web-1", "http", 8080, notReady("10.0.0.1")));
    RouteAnswer a = c.route("foo.com", "/");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.upstream().get().kind()).isEqualTo(UpstreamKind.UNAVAILABLE);
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/web", Compiled.FILE, 14,
        FIELD, "Service default/web port 80 has no ready endpoint; requests for this backend get 503"));
  }

  @Test
  void slicesOfOtherPortsOnlyAnswer503() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB, metricsSlice());
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
  }

  @Test
  void slicesOfOtherServicesOrNamespacesDoNotCount() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB,
        Manifests.endpointSlice("other", "web-1", "web", "http", 8080, ready("10.9.9.9")),
        Manifests.endpointSlice("default", "api-1", "api", "http", 8080, ready("10.8.8.8")));
    // no slice of default/web at all: the cluster DNS name
    assertThat(c.endpoints(c.route("foo.com", "/")))
        .containsExactly(new Endpoint("web.default.svc.cluster.local", 80));
  }

  @Test
  void noSliceAtAllGivesTheClusterDnsName() {
    Compiled c = Compiled.docs(byName("metrics").yaml(), WEB);
    RouteAnswer a = c.route("foo.com", "/");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.upstream().get().kind()).isEqualTo(UpstreamKind.DNS);
    assertThat(c.endpoints(a)).containsExactly(new Endpoint("web.default.svc.cluster.local", 9090));
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void clusterDomainOption() {
    CompileOptions d = CompileOptions.defaults();
    CompileOptions options = new CompileOptions(d.controller(), Optional.empty(), Optional.empty(), Optional.empty(),
        "corp.internal", d.clock(), false);
    Compiled c = Compiled.of(Manifests.join(byNumber(80).yaml(), WEB), options);
    assertThat(c.endpoints(c.route("foo.com", "/")))
        .containsExactly(new Endpoint("web.default.svc.corp.internal", 80));
  }

  @Test
  void missingServiceAnswers503WithAWarning() {
    Compiled c = Compiled.docs(byNumber(80).yaml());
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/web", Compiled.FILE, 14,
        FIELD, "Service default/web does not exist; requests for this backend get 503"));
  }

  @Test
  void serviceInAnotherNamespaceDoesNotCount() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), Manifests.serviceNamedPorts("other", "web", "http=80"));
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
  }

  @Test
  void missingPortAnswers503WithAWarning() {
    Compiled c = Compiled.docs(byNumber(81).yaml(), WEB);
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
    assertThat(c.diagnostics()).extracting(Diagnostic::field, Diagnostic::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(FIELD,
            "Service default/web has no port 81 (it has: 80/http, 9090/metrics); requests for this backend get 503"));
    Compiled named = Compiled.docs(byName("grpc").yaml(), WEB);
    assertThat(named.route("foo.com", "/").status()).isEqualTo(503);
    assertThat(named.diagnostics()).extracting(Diagnostic::message).containsExactly(
        "Service default/web has no port grpc (it has: 80/http, 9090/metrics); requests for this backend get 503");
  }

  @Test
  void aTargetPortNumberIsNotAServicePort() {
    Compiled c = Compiled.docs(byNumber(8080).yaml(), WEB, slice("web-1", "http", 8080, ready("10.0.0.1")));
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
  }

  static final String EXTERNAL = """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        type: ExternalName
        externalName: API.Example.com
        ports:
        - name: https
          port: 443
      """;

  @Test
  void externalNameBecomesADnsUpstream() {
    Compiled c = Compiled.docs(byName("https").yaml(), EXTERNAL);
    RouteAnswer a = c.route("foo.com", "/");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.upstream().get().kind()).isEqualTo(UpstreamKind.DNS);
    assertThat(c.endpoints(a)).containsExactly(new Endpoint("api.example.com", 443));
    assertThat(c.diagnostics()).isEmpty();
  }

  @Test
  void externalNameWithANumberedPortItDoesNotList() {
    Compiled c = Compiled.docs(byNumber(8443).yaml(), EXTERNAL);
    assertThat(c.endpoints(c.route("foo.com", "/"))).containsExactly(new Endpoint("api.example.com", 8443));
  }

  @Test
  void externalNameIgnoresEndpointSlices() {
    Compiled c = Compiled.docs(byName("https").yaml(), EXTERNAL, slice("web-1", "https", 443, ready("10.0.0.1")));
    assertThat(c.endpoints(c.route("foo.com", "/"))).containsExactly(new Endpoint("api.example.com", 443));
  }

  @Test
  void externalNameWithAnUnknownNamedPortAnswers503() {
    Compiled c = Compiled.docs(byName("grpc").yaml(), EXTERNAL);
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .containsExactly("Service default/web has no port named grpc; requests for this backend get 503");
  }

  @Test
  void externalNameThatIsNotADnsName() {
    Compiled c = Compiled.docs(byName("https").yaml(), EXTERNAL.replace("API.Example.com", "\"bad name;\""));
    assertThat(c.route("foo.com", "/").status()).isEqualTo(503);
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::object, Diagnostic::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Service default/web", "spec.externalName"));
  }

  @Test
  void unmappedResourceBackendIsRejectedNamingItsKind() {
    Compiled c = Compiled.docs(
        Manifests.ingress("web").rule("foo.com")
            .pathResource("/static", "Prefix", "storage.example.com", "Bucket", "assets")
            .path("/", "Prefix", "web", 80)
            .yaml(),
        WEB);
    assertThat(c.diagnostics(Severity.ERROR)).containsExactly(new Diagnostic(Severity.ERROR, "Ingress default/web",
        Compiled.FILE, 14, FIELD, "resource backend storage.example.com/Bucket default/assets (kind Bucket) is not mapped"
            + " to an upstream URL by the class parameters; this backend is rejected"));
    // the rest of the Ingress is served
    assertThat(c.target("foo.com", "/static/x")).isEqualTo("web");
    assertThat(c.compilation().takenIngresses()).containsExactly("default/web");
  }

  @Test
  void ipv6Endpoints() {
    String slice = """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: web-v6
          labels:
            kubernetes.io/service-name: web
        addressType: IPv6
        ports:
        - name: http
          port: 8080
        endpoints:
        - addresses: ["FD00::1"]
        """;
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB, slice);
    Endpoint e = c.endpoints(c.route("foo.com", "/")).get(0);
    assertThat(e).isEqualTo(new Endpoint("fd00::1", 8080));
    assertThat(e.hostPort()).isEqualTo("[fd00::1]:8080");
  }

  @Test
  void invalidEndpointAddressIsIgnoredWithAWarning() {
    Compiled c = Compiled.docs(byNumber(80).yaml(), WEB,
        slice("web-1", "http", 8080, ready("10.0.0.1"), ready("10.0.0.256"), ready("evil;host")));
    assertThat(c.endpoints(c.route("foo.com", "/"))).containsExactly(new Endpoint("10.0.0.1", 8080));
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object, Diagnostic::field).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("EndpointSlice default/web-1", "endpoints[1].addresses[0]"),
        org.assertj.core.groups.Tuple.tuple("EndpointSlice default/web-1", "endpoints[2].addresses[0]"));
  }
}
