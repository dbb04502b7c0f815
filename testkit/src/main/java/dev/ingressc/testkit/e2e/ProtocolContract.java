package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.Curl;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.http.WebSocketProbe;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Protocols every text target serves by default, through its real proxy: HTTP/2 by ALPN on the TLS
 * listener (HTTP/1.1 still spoken there), HTTP/1.1 only on the plain listener, HTTP/2 off when
 * the class parameters say so, WebSocket upgrades with one echoed frame, closed when idle for
 * the read timeout, h2c upgrades ignored and other upgrades refused. A target's test extends this with {@code @RealProxy}.
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

  @Test
  void webSocketUpgradesPassThroughOnPlainHttpAndTls(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("websocket", ctx, "sslRedirect: false", proxy)) {
        try (WebSocketProbe ws = WebSocketProbe.connect(d.address(), d.httpPort(), Optional.empty(), HOST, "/ws?room=1")) {
          assertThat(ws.upgraded()).as("status %s %s\nproxy: %s", ws.status(), ws.headers(), d.proxyOutput()).isTrue();
          assertThat(ws.echo("hello")).isEqualTo("hello");
          assertThat(ws.echo("again, on the same tunnel")).isEqualTo("again, on the same tunnel");
        }
        try (WebSocketProbe wss = WebSocketProbe.connect(d.address(), d.httpsPort(), Optional.of(HOST), HOST, "/ws")) {
          assertThat(wss.upgraded()).as("status %s %s", wss.status(), wss.headers()).isTrue();
          assertThat(wss.echo("over TLS")).isEqualTo("over TLS");
        }
        // Ordinary requests still reach the backend (over the kept-alive upstream connections).
        for (int i = 0; i < 3; i++) {
          assertEchoed(Curl.get("--http1.1", "http", d.address(), d.httpPort(), HOST, "/plain", null), "1.1", d,
              d.httpPort());
        }
      }
    }
  }

  /**
   * An h2c upgrade (plaintext HTTP/2, which no target offers) is ignored, as Envoy's HTTP/1 codec
   * does: served as HTTP/1.1, the backend sees no Upgrade, no HTTP2-Settings and no "upgrade"
   * Connection token. An Upgrade field without that token is no upgrade: it is dropped too.
   */
  @Test
  void anH2cUpgradeIsServedAsPlainHttp11(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("h2c-upgrade", ctx, "sslRedirect: false", proxy)) {
        for (String token : List.of("h2c", "H2C")) {
          HttpResult a = HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/h2c", List.of(
              "Connection: Upgrade, HTTP2-Settings", "Upgrade: " + token, "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA"));
          assertServedWithoutUpgrade(a, d);
        }
        assertServedWithoutUpgrade(HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/no-token",
            List.of("Upgrade: foo")), d);
        // Without the Connection token no value is an upgrade, even one that ends like a known type.
        for (String value : List.of("1websocket", "1h2c", "websocket")) {
          assertServedWithoutUpgrade(HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/no-token",
              List.of("Upgrade: " + value)), d);
        }
      }
    }
  }

  /** Any other upgrade is refused with a 403 by the proxy itself: the backend never sees it. */
  @Test
  void otherUpgradesAreRefusedByTheProxy(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("other-upgrade", ctx, "sslRedirect: false", proxy)) {
        // With a WebSocket key, so that HAProxy's parser, which answers 400 itself to an Upgrade
        // listing websocket without one, lets "websocket, foo" reach the rules.
        for (String token : List.of("foo", "TLS/1.0", "websocket, foo")) {
          HttpResult a = HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/refused", List.of("Connection: upgrade",
              "Upgrade: " + token, "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"));
          assertThat(a.status()).as("Upgrade: %s -> %s\nproxy: %s", token, a.text(), d.proxyOutput()).isEqualTo(403);
        }
        // The same route does reach the backend without the upgrade, and the journal shows it.
        assertThat(HttpProbe.get(d.address(), d.httpPort(), HOST, "/reached").status()).isEqualTo(200);
        assertThat(backends.received()).extracting(EchoBackends.Received::path).contains("/reached")
            .doesNotContain("/refused");
      }
    }
  }

  /**
   * A WebSocket tunnel is closed after the route's read timeout (proxyReadTimeout) with no data
   * either way, and traffic keeps it open.
   */
  @Test
  void anIdleWebSocketClosesAfterTheReadTimeout(ProxyLauncher proxy) {
    closesWhenIdleForTwoSeconds("websocket-idle", "sslRedirect: false, proxyReadTimeout: 2s", "", proxy);
  }

  /**
   * The same with the Ingress's own timeouts over a class of 60s (SEMANTICS.md, "Proxy settings
   * per Ingress"): proxy-read-timeout 1 and proxy-send-timeout 2 make one inactivity timer of 2s.
   */
  @Test
  void anIngressesOwnTimeoutClosesAnIdleWebSocket(ProxyLauncher proxy) {
    closesWhenIdleForTwoSeconds("websocket-idle-annotated", "sslRedirect: false, proxyReadTimeout: 60s",
        "  annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: \"1\","
            + " nginx.ingress.kubernetes.io/proxy-send-timeout: \"2\"}\n", proxy);
  }

  private void closesWhenIdleForTwoSeconds(String name, String parameterFields, String metadata, ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy(name, ctx, parameterFields, metadata, proxy);
          WebSocketProbe ws = WebSocketProbe.connect(d.address(), d.httpPort(), Optional.empty(), HOST, "/ws")) {
        assertThat(ws.upgraded()).as("status %s %s", ws.status(), ws.headers()).isTrue();
        for (int i = 0; i < 3; i++) {
          assertThat(ws.closedWithin(Duration.ofMillis(1000))).as("closed while in use").isFalse();
          assertThat(ws.echo("keep " + i)).isEqualTo("keep " + i);
        }
        long start = System.nanoTime();
        assertThat(ws.closedWithin(Duration.ofSeconds(8))).as("the idle tunnel is closed").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(5));
      }
    }
  }

  /**
   * A response reaches the client as the backend sends it (SEMANTICS.md, "Responses stream"):
   * the first chunk arrives while the backend still holds back the second, as ingress-nginx's
   * default (proxy-buffering off) and HAProxy and Envoy do by nature.
   */
  @Test
  void aResponseStreamsAsTheBackendSendsIt(ProxyLauncher proxy) throws IOException {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = deploy("streaming", ctx, "sslRedirect: false", proxy);
          java.net.Socket s = new java.net.Socket(d.address(), d.httpPort())) {
        s.setSoTimeout(10_000);
        long start = System.nanoTime();
        s.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: " + HOST + "\r\n" + EchoBackends.STREAM_FIELD
            + ": 3000\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        StringBuilder seen = new StringBuilder();
        java.io.InputStream in = s.getInputStream();
        while (seen.indexOf("first\n") < 0) {
          int c = in.read();
          assertThat(c).as("the connection ended before the first chunk: %s", seen).isNotNegative();
          seen.append((char) c);
        }
        Duration first = Duration.ofNanos(System.nanoTime() - start);
        assertThat(seen.toString()).startsWith("HTTP/1.1 200");
        assertThat(first).as("the first chunk came only after the backend's pause").isLessThan(Duration.ofMillis(2000));
        String rest = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(rest).contains("last\n");
      }
    }
  }

  /** One TLS host served by an echo backend, of the default class with {@code parameterFields}. */
  private Deployment deploy(String name, CaseContext ctx, String parameterFields, ProxyLauncher proxy) {
    return deploy(name, ctx, parameterFields, "", proxy);
  }

  /** The same, the Ingress's metadata ending with {@code metadata} (its annotations, say). */
  private Deployment deploy(String name, CaseContext ctx, String parameterFields, String metadata, ProxyLauncher proxy) {
    String yaml = ctx.service(NS, "web", 80) + ctx.tlsSecret(NS, "cert", HOST)
        + ingressClass("ingressc", CompileOptions.DEFAULT_CONTROLLER, true, "protocols")
        + parameters("protocols", parameterFields)
        + ingress(NS, "web", metadata, "  tls: [{hosts: [" + HOST + "], secretName: cert}]\n", rule(HOST, prefix("/", "web", 80)));
    Deployment d = Deployment.of(name, yaml, CompileOptions.defaults(), emitter(), proxy);
    assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
    return d;
  }

  /** A 200 from the echo backend, which saw no trace of an upgrade. */
  private static void assertServedWithoutUpgrade(HttpResult a, Deployment d) {
    assertThat(a.status()).as("%s\nproxy: %s", a.text(), d.proxyOutput()).isEqualTo(200);
    JsonNode seen = a.echo().path("headers");
    assertThat(seen.has("upgrade")).as("%s", seen).isFalse();
    assertThat(seen.has("http2-settings")).as("%s", seen).isFalse();
    assertThat(seen.path("connection").asText().toLowerCase(Locale.ROOT)).as("%s", seen).doesNotContain("upgrade");
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
