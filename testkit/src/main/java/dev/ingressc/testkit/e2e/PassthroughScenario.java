package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.emit.Emitter;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.http.Curl;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ssl-passthrough through a real proxy (SEMANTICS.md, "TLS passthrough"): two hosts passed through
 * to two echo backends that terminate TLS themselves, each with its own certificate, and a host
 * whose TLS the proxy terminates on the same port. Every answer is compared with the oracle's.
 *
 * <pre>{@code
 * try (PassthroughScenario s = PassthroughScenario.start(new NginxEmitter(), nginx)) {
 *   s.assertPassedThroughBySni();
 * }
 * }</pre>
 */
public final class PassthroughScenario implements AutoCloseable {
  public static final String PT_HOST = "pt.example.test";
  public static final String PT2_HOST = "pt2.example.test";
  public static final String WEB_HOST = "web.example.test";
  private static final String KEY = "nginx.ingress.kubernetes.io/ssl-passthrough";

  private final EchoBackends pt;
  private final EchoBackends pt2;
  private final EchoBackends web;
  private final TestCertificates.Pem frontCert;
  private final Deployment deployment;

  private PassthroughScenario(EchoBackends pt, EchoBackends pt2, EchoBackends web, TestCertificates.Pem frontCert,
      Deployment deployment) {
    this.pt = pt;
    this.pt2 = pt2;
    this.web = web;
    this.frontCert = frontCert;
    this.deployment = deployment;
  }

  /** Starts the backends, compiles, emits, checks and runs the proxy. */
  public static PassthroughScenario start(Emitter emitter, ProxyLauncher launcher) {
    int subnet = 100 + (int) (ProcessHandle.current().pid() % 50);
    TestCertificates.Pem ptCert = TestCertificates.selfSigned(List.of(PT_HOST));
    TestCertificates.Pem pt2Cert = TestCertificates.selfSigned(List.of(PT2_HOST));
    TestCertificates.Pem frontCert = TestCertificates.selfSigned(List.of(WEB_HOST));
    EchoBackends pt = null;
    EchoBackends pt2 = null;
    EchoBackends web = null;
    try {
      pt = EchoBackends.tls(subnet, ptCert);
      List<String> ptAddresses = pt.start("default/pt:8443", 1);
      pt2 = EchoBackends.tls(subnet + 1, pt2Cert);
      List<String> pt2Addresses = pt2.start("default/pt2:8443", 1);
      web = new EchoBackends(subnet + 2);
      List<String> webAddresses = web.start("default/web:80", 1);
      String yaml = String.join("", List.of(
          FlowManifests.tlsSecret("default", "front", frontCert.certificate(), frontCert.key()),
          // backend-protocol HTTPS serves plain HTTP to the host (it applies to plain HTTP only, with a warning).
          FlowManifests.ingress("default", "pt", "  annotations: {" + KEY + ": \"true\","
                  + " nginx.ingress.kubernetes.io/backend-protocol: HTTPS}", "",
              FlowManifests.rule(PT_HOST, FlowManifests.prefix("/", "pt", 8443))),
          FlowManifests.ingress("default", "pt2", "  annotations: {" + KEY + ": \"True\"}", "",
              FlowManifests.rule(PT2_HOST, FlowManifests.prefix("/", "pt2", 8443))),
          FlowManifests.ingress("default", "web", "", "  tls: [{hosts: [" + WEB_HOST + "], secretName: front}]\n",
              FlowManifests.rule(WEB_HOST, FlowManifests.prefix("/", "web", 80))),
          FlowManifests.service("default", "pt", Map.of("https", 8443)),
          FlowManifests.endpointSlice("default", "pt", "pt", "https", pt.port(), ptAddresses, true),
          FlowManifests.service("default", "pt2", Map.of("https", 8443)),
          FlowManifests.endpointSlice("default", "pt2", "pt2", "https", pt2.port(), pt2Addresses, true),
          FlowManifests.service("default", "web", Map.of("http", 80)),
          FlowManifests.endpointSlice("default", "web", "web", "http", web.port(), webAddresses, true)));
      Deployment d = Deployment.of("passthrough", yaml, CompileOptions.defaults(), emitter, launcher);
      return new PassthroughScenario(pt, pt2, web, frontCert, d);
    } catch (RuntimeException e) {
      closeAll(pt, pt2, web, null);
      throw e;
    }
  }

  public Deployment deployment() {
    return deployment;
  }

  /**
   * Asserts: each passed-through SNI reaches its own backend, which terminates TLS with its own
   * certificate, whatever the Host says; the other host on the same port keeps its certificate,
   * its routes, HTTP/2 and the real client address in its forwarding headers; an SNI nobody
   * serves and no SNI are refused as before; plain HTTP to a passed-through host is still routed.
   * {@code http2} says whether the target serves HTTP/2 on the TLS port (it is the default).
   */
  public void assertPassedThroughBySni(boolean http2) {
    String context = context();
    assertThat(deployment.check().ok()).as("config check: %s", deployment.check().output()).isTrue();
    assertThat(deployment.compilation().diagnostics().list()).extracting(Diagnostic::field)
        .as("only the inert backend-protocol of the passed-through Ingress is warned")
        .containsExactly("metadata.annotations[nginx.ingress.kubernetes.io/backend-protocol]");
    RouteOracle oracle = new RouteOracle(deployment.compilation().ir());
    String address = deployment.address();
    int port = deployment.httpsPort();

    for (String host : List.of(PT_HOST, PT2_HOST)) {
      RouteAnswer expected = oracle.route(RouteRequest.https(WEB_HOST, "/a?b=1", host));
      assertThat(expected.status()).isEqualTo(RouteAnswer.PASSED_THROUGH);
      // The Host names the other host: no HTTP routing applies to a passed-through stream.
      HttpResult r = HttpProbe.https(address, port, Optional.of(host), WEB_HOST, "/a?b=1");
      assertThat(r.status()).as("%s through the TLS port: %s\n%s", host, r.text(), context).isEqualTo(200);
      assertThat(r.echo().path("upstream").asText()).isEqualTo(expected.upstream().orElseThrow().name());
      assertThat(r.echo().path("tls").asBoolean()).as("the backend terminated TLS").isTrue();
      assertThat(r.echo().path("path").asText()).isEqualTo("/a");
      assertThat(r.echo().path("host").asText()).isEqualTo(WEB_HOST);
      assertThat(r.echo().path("headers").has("x-forwarded-for")).as("no proxy headers in a raw stream").isFalse();
      X509Certificate leaf = r.peerCertificate().orElseThrow();
      assertThat(leaf.getSubjectX500Principal().getName()).as("the backend's own certificate").contains(host);
    }
    // SNI is compared case-insensitively.
    HttpResult upper = HttpProbe.https(address, port, Optional.of(PT_HOST.toUpperCase(java.util.Locale.ROOT)), PT_HOST, "/");
    assertThat(upper.echo().path("upstream").asText()).as("upper-case SNI\n%s", context).isEqualTo("default/pt:8443");

    RouteAnswer webExpected = oracle.route(RouteRequest.https(WEB_HOST, "/w", WEB_HOST));
    assertThat(webExpected.status()).isEqualTo(200);
    HttpResult w = HttpProbe.https(address, port, Optional.of(WEB_HOST), WEB_HOST, "/w");
    assertThat(w.status()).as("the terminated host on the same port: %s\n%s", w.text(), context).isEqualTo(200);
    assertThat(w.echo().path("upstream").asText()).isEqualTo(webExpected.upstream().orElseThrow().name());
    assertThat(w.peerCertificate().orElseThrow().getSubjectX500Principal().getName()).contains(WEB_HOST);
    assertThat(w.echo().path("headers").path("x-forwarded-proto").asText()).isEqualTo("https");
    assertThat(w.echo().path("headers").path("x-forwarded-for").asText()).as("the real client\n%s", context)
        .isEqualTo("127.0.0.1");
    if (w.echo().path("headers").has("x-real-ip")) {
      assertThat(w.echo().path("headers").path("x-real-ip").asText()).isEqualTo("127.0.0.1");
    }
    if (http2) {
      Curl.Answer h2 = Curl.get("--http2", "https", address, port, WEB_HOST, "/h2", frontCert.certificate());
      assertThat(h2.status()).as("HTTP/2 to the terminated host: %s %s\n%s", h2.body(), h2.stderr(), context)
          .isEqualTo(200);
      assertThat(h2.version()).isEqualTo("2");
    }

    for (Optional<String> sni : List.of(Optional.of("nobody.example.test"), Optional.<String>empty())) {
      RouteAnswer refused = oracle.route(RouteRequest.https(WEB_HOST, "/", sni.orElse("")));
      assertThat(refused.status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
      assertThat(HttpProbe.https(address, port, sni, WEB_HOST, "/").handshakeWasRefused())
          .as("SNI %s is refused as before\n%s", sni, context).isTrue();
    }

    RouteAnswer plainExpected = oracle.route(RouteRequest.http(PT_HOST, "/p"));
    assertThat(plainExpected.status()).isEqualTo(200);
    HttpResult plain = HttpProbe.get(address, deployment.httpPort(), PT_HOST, "/p");
    assertThat(plain.status()).as("plain HTTP to a passed-through host: %s\n%s", plain.text(), context).isEqualTo(200);
    assertThat(plain.echo().path("upstream").asText()).isEqualTo(plainExpected.upstream().orElseThrow().name());
    assertThat(plain.echo().path("headers").path("x-forwarded-proto").asText()).isEqualTo("http");
  }

  private String context() {
    return "config:\n" + deployment.files().files().stream().filter(f -> !f.secret() && !f.path().endsWith(".crt"))
        .map(f -> "== " + f.path() + "\n" + f.text()).reduce("", String::concat)
        + "\nproxy output:\n" + deployment.proxyOutput();
  }

  @Override
  public void close() {
    closeAll(pt, pt2, web, deployment);
  }

  private static void closeAll(EchoBackends pt, EchoBackends pt2, EchoBackends web, Deployment d) {
    if (d != null) {
      d.close();
    }
    for (EchoBackends b : new EchoBackends[] {pt, pt2, web}) {
      if (b != null) {
        b.close();
      }
    }
  }
}
