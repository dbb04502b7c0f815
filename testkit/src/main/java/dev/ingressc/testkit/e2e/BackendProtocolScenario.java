package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.ir.BackendProtocol;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.grpc.GrpcEcho;
import dev.ingressc.testkit.grpc.GrpcProbe;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * The backend-protocol annotation through a real proxy, with real backends: a plaintext gRPC
 * server (GRPC), a gRPC server over TLS with a self-signed certificate (GRPCS), and an HTTP/1.1
 * echo server over TLS (HTTPS). A real gRPC client calls through the proxy's HTTPS listener
 * (HTTP/2 by ALPN), as gRPC clients need; the HTTPS backend is reached over plain HTTP/1.1.
 * The GRPCS Ingress's class sets a 2 s read timeout and a 16 KiB body limit, which must hold
 * for gRPC too.
 *
 * <pre>{@code
 * try (BackendProtocolScenario s = BackendProtocolScenario.start(new NginxEmitter(), nginx)) {
 *   s.assertEveryProtocolIsSpoken(true);
 * }
 * }</pre>
 */
public final class BackendProtocolScenario implements AutoCloseable {
  public static final String GRPC_HOST = "grpc.example.test";
  public static final String GRPCS_HOST = "grpcs.example.test";
  public static final String HTTPS_HOST = "secure.example.test";
  private static final String KEY = "nginx.ingress.kubernetes.io/backend-protocol";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GrpcEcho plain;
  private final GrpcEcho tls;
  private final EchoBackends https;
  private final Deployment deployment;

  private BackendProtocolScenario(GrpcEcho plain, GrpcEcho tls, EchoBackends https, Deployment deployment) {
    this.plain = plain;
    this.tls = tls;
    this.https = https;
    this.deployment = deployment;
  }

  /** Starts the backends, compiles, emits, checks and runs the proxy. */
  public static BackendProtocolScenario start(Emitter emitter, ProxyLauncher launcher) {
    int subnet = 150 + (int) (ProcessHandle.current().pid() % 50);
    TestCertificates.Pem backendCert = TestCertificates.selfSigned(List.of("backend.internal"));
    TestCertificates.Pem frontCert = TestCertificates.selfSigned(List.of(GRPC_HOST, GRPCS_HOST));
    GrpcEcho plain = null;
    GrpcEcho tls = null;
    EchoBackends https = null;
    try {
      plain = GrpcEcho.start("default/greeter:50051", "127." + subnet + ".201.1", Optional.empty());
      tls = GrpcEcho.start("default/greeter-tls:50052", "127." + subnet + ".202.1", Optional.of(backendCert));
      https = EchoBackends.tls(subnet, backendCert);
      List<String> httpsAddresses = https.start("default/secure:8443", 1);
      String yaml = String.join("", List.of(
          FlowManifests.ingressClass("ingressc", CompileOptions.DEFAULT_CONTROLLER, true, ""),
          FlowManifests.ingressClass("tight", CompileOptions.DEFAULT_CONTROLLER, false, "tight"),
          FlowManifests.parameters("tight", "proxyReadTimeout: 2s, proxyBodySize: 16k"),
          FlowManifests.tlsSecret("default", "front", frontCert.certificate(), frontCert.key()),
          FlowManifests.ingress("default", "grpc", "  annotations: {" + KEY + ": GRPC}",
              "  tls: [{hosts: [" + GRPC_HOST + "], secretName: front}]\n",
              FlowManifests.rule(GRPC_HOST, FlowManifests.prefix("/", "greeter", 50051))),
          FlowManifests.ingress("default", "grpcs", "  annotations: {" + KEY + ": grpcs}",
              "  ingressClassName: tight\n  tls: [{hosts: [" + GRPCS_HOST + "], secretName: front}]\n",
              FlowManifests.rule(GRPCS_HOST, FlowManifests.prefix("/", "greeter-tls", 50052))),
          FlowManifests.ingress("default", "secure", "  annotations: {" + KEY + ": HTTPS}", "",
              FlowManifests.rule(HTTPS_HOST, FlowManifests.prefix("/", "secure", 8443))),
          FlowManifests.service("default", "greeter", Map.of("grpc", 50051)),
          FlowManifests.endpointSlice("default", "greeter", "greeter", "grpc", plain.port(), List.of(plain.address()), true),
          FlowManifests.service("default", "greeter-tls", Map.of("grpc", 50052)),
          FlowManifests.endpointSlice("default", "greeter-tls", "greeter-tls", "grpc", tls.port(), List.of(tls.address()),
              true),
          FlowManifests.service("default", "secure", Map.of("https", 8443)),
          FlowManifests.endpointSlice("default", "secure", "secure", "https", https.port(), httpsAddresses, true)));
      Deployment d = Deployment.of("backend-protocol", yaml, CompileOptions.defaults(), emitter, launcher);
      return new BackendProtocolScenario(plain, tls, https, d);
    } catch (RuntimeException e) {
      closeAll(plain, tls, https, null);
      throw e;
    }
  }

  public Deployment deployment() {
    return deployment;
  }

  /** A gRPC call through the proxy's HTTPS listener, with {@code host} as authority and SNI. */
  public GrpcProbe.Reply grpc(String host, String request) {
    return GrpcProbe.callTls(deployment.address(), deployment.httpsPort(), host, request);
  }

  public GrpcProbe.Reply grpc(String host, byte[] request) {
    return GrpcProbe.callTls(deployment.address(), deployment.httpsPort(), host, request);
  }

  /**
   * Asserts what every target must do: the compile is clean and the oracle names each protocol;
   * each gRPC backend answers through the proxy, the plaintext one over plaintext and the TLS one
   * over TLS, with the client's authority; the HTTPS backend sees TLS; the GRPCS class's read
   * timeout stops a slow call; and, when {@code bodyLimitWithoutLength}, its body limit stops a
   * large call (gRPC requests carry no Content-Length).
   */
  public void assertEveryProtocolIsSpoken(boolean bodyLimitWithoutLength) {
    String context = "config:\n" + deployment.files().files().stream().filter(f -> !f.secret() && !f.path().endsWith(".crt"))
        .map(f -> "== " + f.path() + "\n" + f.text()).reduce("", String::concat)
        + "\nproxy output:\n" + deployment.proxyOutput();
    assertThat(deployment.compilation().diagnostics().list()).as("diagnostics").isEmpty();
    assertThat(deployment.check().ok()).as("config check: %s", deployment.check().output()).isTrue();
    RouteOracle oracle = new RouteOracle(deployment.compilation().ir());
    assertThat(List.of(GRPC_HOST, GRPCS_HOST, HTTPS_HOST)).extracting(h -> oracle.route(h.equals(HTTPS_HOST)
            ? RouteRequest.http(h, "/") : RouteRequest.https(h, "/", h))
            .upstream().orElseThrow().protocol())
        .containsExactly(BackendProtocol.GRPC, BackendProtocol.GRPCS, BackendProtocol.HTTPS);

    GrpcProbe.Reply viaPlain = grpc(GRPC_HOST, "hello plain");
    assertThat(viaPlain.code()).as("GRPC call: %s\n%s", viaPlain.description(), context).isEqualTo(Status.Code.OK);
    JsonNode p = json(viaPlain.body());
    assertThat(p.path("backend").asText()).isEqualTo("default/greeter:50051");
    assertThat(p.path("tls").asBoolean()).as("the GRPC backend is spoken to in plaintext").isFalse();
    assertThat(p.path("request").asText()).isEqualTo("hello plain");
    assertThat(p.path("authority").asText()).isEqualTo(GRPC_HOST);
    assertThat(p.path("headers").path("x-forwarded-proto").asText()).isEqualTo("https");

    GrpcProbe.Reply viaTls = grpc(GRPCS_HOST, "hello tls");
    assertThat(viaTls.code()).as("GRPCS call: %s\n%s", viaTls.description(), context).isEqualTo(Status.Code.OK);
    JsonNode t = json(viaTls.body());
    assertThat(t.path("backend").asText()).isEqualTo("default/greeter-tls:50052");
    assertThat(t.path("tls").asBoolean()).as("the GRPCS backend is spoken to over TLS").isTrue();
    assertThat(t.path("authority").asText()).isEqualTo(GRPCS_HOST);

    int before = tls.calls();
    GrpcProbe.Reply slow = grpc(GRPCS_HOST, "sleep:6000");
    assertThat(slow.code()).as("a call slower than the 2 s read timeout: %s", slow.description())
        .isNotEqualTo(Status.Code.OK).isNotEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(slow.description()).contains("504");
    assertThat(tls.calls()).isEqualTo(before + 1);
    if (bodyLimitWithoutLength) {
      GrpcProbe.Reply large = grpc(GRPCS_HOST, new byte[32 * 1024]);
      assertThat(large.code()).as("a call over the 16 KiB body limit: %s", large.description())
          .isNotEqualTo(Status.Code.OK);
      assertThat(large.description()).contains("413");
      assertThat(tls.calls()).as("the large call never reaches the backend").isEqualTo(before + 1);
    }

    HttpResult secure = HttpProbe.get(deployment.address(), deployment.httpPort(), HTTPS_HOST, "/x?y=1");
    assertThat(secure.status()).as("HTTPS backend: %s\n%s", secure.text(), context).isEqualTo(200);
    assertThat(secure.echo().path("upstream").asText()).isEqualTo("default/secure:8443");
    assertThat(secure.echo().path("tls").asBoolean()).as("the HTTPS backend is spoken to over TLS").isTrue();
    assertThat(secure.echo().path("path").asText()).isEqualTo("/x");
    assertThat(secure.echo().path("host").asText()).isEqualTo(HTTPS_HOST);
  }

  private static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not an echo answer: " + body, e);
    }
  }

  @Override
  public void close() {
    closeAll(plain, tls, https, deployment);
  }

  private static void closeAll(GrpcEcho plain, GrpcEcho tls, EchoBackends https, Deployment d) {
    if (d != null) {
      d.close();
    }
    if (plain != null) {
      plain.close();
    }
    if (tls != null) {
      tls.close();
    }
    if (https != null) {
      https.close();
    }
  }
}
