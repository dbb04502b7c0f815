package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.e2e.Manifests.ingress;
import static dev.ingressc.testkit.e2e.Manifests.ingressClass;
import static dev.ingressc.testkit.e2e.Manifests.parameters;
import static dev.ingressc.testkit.e2e.Manifests.prefix;
import static dev.ingressc.testkit.e2e.Manifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.Curl;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * Protocols every text target serves by default, through its real proxy: HTTP/2 by ALPN on the TLS
 * listener (HTTP/1.1 still spoken there), HTTP/1.1 only on the plain listener, and HTTP/2 off when
 * the class parameters say so. A target's test extends this with {@code @RealProxy}.
 */
public abstract class ProtocolContract {
  private static final String NS = "default";
  private static final String HOST = "proto.example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The emitter under test. */
  protected abstract Emitter emitter();

  @Test
  void http2IsOfferedOverTlsAndHttp11StillWorks(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("h2-on", ctx, "sslRedirect: false", proxy)) {
        String cert = ctx.certificates().get(NS + "/cert");
        Curl.Answer h2 = Curl.get("--http2", "https", d.address(), d.httpsPort(), HOST, "/h2?x=1", cert);
        assertEchoed(h2, "2", d, d.httpsPort());
        Curl.Answer h1 = Curl.get("--http1.1", "https", d.address(), d.httpsPort(), HOST, "/h1", cert);
        assertEchoed(h1, "1.1", d, d.httpsPort());
      }
    }
  }

  @Test
  void plainHttpIsHttp11Only(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("h2-plain", ctx, "sslRedirect: false", proxy)) {
        // curl offers the h2c upgrade; the answer stays HTTP/1.1.
        Curl.Answer upgrade = Curl.get("--http2", "http", d.address(), d.httpPort(), HOST, "/plain", null);
        assertEchoed(upgrade, "1.1", d, d.httpPort());
        // HTTP/2 with prior knowledge (h2c) is not served.
        Curl.Answer prior = Curl.get("--http2-prior-knowledge", "http", d.address(), d.httpPort(), HOST, "/plain", null);
        assertThat(prior.exit() == 0 && prior.version().equals("2")).as("h2c was served: %s", prior).isFalse();
      }
    }
  }

  @Test
  void classParametersTurnHttp2Off(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("h2-off", ctx, "sslRedirect: false, http2: false", proxy)) {
        assertThat(d.compilation().ir().listener().http2()).isFalse();
        Curl.Answer h2 = Curl.get("--http2", "https", d.address(), d.httpsPort(), HOST, "/off", ctx.certificates().get(NS + "/cert"));
        assertEchoed(h2, "1.1", d, d.httpsPort());
      }
    }
  }

  /** One TLS host served by an echo backend, of the default class with {@code parameterFields}. */
  private Deployment deploy(String name, CaseContext ctx, String parameterFields, ProxyLauncher proxy) {
    String yaml = ctx.service(NS, "web", 80) + ctx.tlsSecret(NS, "cert", HOST)
        + ingressClass("ingressc", CompileOptions.DEFAULT_CONTROLLER, true, "protocols")
        + parameters("protocols", parameterFields)
        + ingress(NS, "web", "", "  tls: [{hosts: [" + HOST + "], secretName: cert}]\n", rule(HOST, prefix("/", "web", 80)));
    Deployment d = Deployment.of(name, yaml, CompileOptions.defaults(), emitter(), proxy);
    assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
    return d;
  }

  /** Answered in {@code version} by the echo backend of the one route. */
  private static void assertEchoed(Curl.Answer a, String version, Deployment d, int port) {
    assertThat(a.exit()).as("curl: %s\nproxy: %s", a, d.proxyOutput()).isZero();
    assertThat(a.status()).as("%s", a).isEqualTo(200);
    assertThat(a.version()).as("%s", a).isEqualTo(version);
    try {
      JsonNode echo = JSON.readTree(a.body());
      assertThat(echo.path("upstream").asText()).isEqualTo(NS + "/web:80");
      // Over HTTP/2 the proxy turns :authority into Host; the backend always speaks HTTP/1.1.
      assertThat(echo.path("host").asText()).as("%s", a).isEqualTo(HOST + ":" + port);
      assertThat(echo.path("protocol").asText()).isEqualTo("HTTP/1.1");
    } catch (IOException e) {
      throw new UncheckedIOException("not the echo backend's JSON: " + a.body(), e);
    }
  }
}
