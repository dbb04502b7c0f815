package dev.ingressc.emit.haproxy;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.emit.EmitOptions;
import dev.ingressc.emit.EmittedFile;
import dev.ingressc.testkit.e2e.BodyLimitCases;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** HAProxy-specific promises that the shared cases do not cover, each through a real HAProxy. */
@RealProxy("haproxy")
class HaproxyTargetTest {
  private static final String NS = "default";

  private static Deployment deploy(String name, String yaml, ProxyLauncher haproxy) {
    Deployment d = Deployment.of(name, yaml, CompileOptions.defaults(), new HaproxyEmitter(), haproxy);
    assertThat(d.check().ok()).as("haproxy -c: %s", d.check().output()).isTrue();
    assertThat(d.running()).isTrue();
    return d;
  }

  private static String manyHosts(int hosts) {
    StringBuilder sb = new StringBuilder("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{port: 80}]}
        """);
    for (int i = 0; i < hosts; i++) {
      sb.append(ingress(NS, "app-" + i, rule("app-" + i + ".example.com", prefix("/api", "web", 80),
          exact("/health", "web", 80), prefix("/", "web", 80))));
    }
    return sb.toString();
  }

  private static String config(String yaml) {
    var c = Compiler.compileText("in.yaml", yaml, CompileOptions.defaults());
    return new HaproxyEmitter().emit(c.ir(), c.endpoints(), EmitOptions.of(80, 443, Path.of("/tmp/out"))).file("haproxy.cfg")
        .orElseThrow().text();
  }

  @Test
  void ruleCountDoesNotChangeTheRoutingLines() {
    String one = config(manyHosts(1));
    String many = config(manyHosts(200));
    assertThat(routingLines(many)).isEqualTo(routingLines(one));
    assertThat(routingLines(one)).anyMatch(l -> l.contains("map_beg(maps/prefix.map)"));
  }

  private static List<String> routingLines(String cfg) {
    return cfg.lines().filter(l -> l.contains("http-request") || l.contains("use_backend") || l.contains("acl "))
        .toList();
  }

  @Test
  void classParametersSetTheAlgorithmTimeoutsAndBodyLimit() {
    String yaml = """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {ports: [{port: 80}]}
        """
        + ingressClass("rr", CompileOptions.DEFAULT_CONTROLLER, true, "")
        + ingressClass("lc", CompileOptions.DEFAULT_CONTROLLER, false, "lc")
        + parameters("lc", "loadBalancing: least-connections, proxyConnectTimeout: 2s, proxyReadTimeout: 90s,"
            + " proxyBodySize: 8m")
        + ingressClass("rnd", CompileOptions.DEFAULT_CONTROLLER, false, "rnd")
        + parameters("rnd", "loadBalancing: random")
        + ingressClass("src", CompileOptions.DEFAULT_CONTROLLER, false, "src")
        + parameters("src", "loadBalancing: client-ip-hash, proxyBodySize: 0")
        + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c}
        spec: {ports: [{port: 80}]}
        """
        + ingress(NS, "rr", rule("rr.example.com", prefix("/", "web", 80)))
        + ingress(NS, "lc", "", "  ingressClassName: lc\n", rule("lc.example.com", prefix("/", "a", 80)))
        + ingress(NS, "rnd", "", "  ingressClassName: rnd\n", rule("rnd.example.com", prefix("/", "b", 80)))
        + ingress(NS, "src", "", "  ingressClassName: src\n", rule("src.example.com", prefix("/", "c", 80)));
    String cfg = config(yaml);
    assertThat(backend(cfg, "default_web:80")).contains("balance roundrobin", "timeout connect 5000ms",
        "timeout server 60000ms", "gt 1048576");
    assertThat(backend(cfg, "default_a:80")).contains("balance leastconn", "timeout connect 2000ms",
        "timeout server 90000ms", "gt 8388608");
    assertThat(backend(cfg, "default_b:80")).contains("balance random");
    assertThat(backend(cfg, "default_c:80")).contains("balance source").doesNotContain("deny_status 413");
  }

  /** The block of upstream {@code upstream}'s backend, named {@code b}, 8 hex digits of a hash, the upstream name. */
  private static String backend(String cfg, String upstream) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\nbackend b[0-9a-f]{8}_"
        + java.util.regex.Pattern.quote(upstream) + "\n").matcher(cfg);
    assertThat(m.find()).as("backend of %s in:\n%s", upstream, cfg).isTrue();
    int start = m.start();
    int end = cfg.indexOf("\nbackend ", start + 1);
    return cfg.substring(start, end < 0 ? cfg.length() : end);
  }

  @Test
  void bodyLimitMethodAndBodyPassThrough(ProxyLauncher haproxy) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("body", yaml, haproxy)) {
        HttpResult big = HttpProbe.http(d.address(), d.httpPort(), "POST", "web.example.com", "/up", new byte[2 << 20]);
        assertThat(big.status()).isEqualTo(413);
        HttpResult ok = HttpProbe.http(d.address(), d.httpPort(), "PUT", "web.example.com", "/up?x=1", new byte[1000]);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.echo().path("method").asText()).isEqualTo("PUT");
        assertThat(ok.echo().path("bodyBytes").asLong()).isEqualTo(1000);
      }
    }
  }

  /**
   * The shared body-limit requests (testkit BodyLimitCases): a chunked body over the limit gets 413
   * like a Content-Length one; the backend receives at most the limit's worth of it, and never a
   * complete request.
   */
  @Test
  void theBodyLimitHoldsForChunkedBodiesToo(ProxyLauncher haproxy) {
    BodyLimitCases.assertAll(new HaproxyEmitter(), haproxy, BodyLimitCases.ChunkedRefusal.CUT_WITHIN_THE_LIMIT);
  }

  @Test
  void responsesGetDateAndServerEvenWhenTheBackendSendsNeither(ProxyLauncher haproxy) throws Exception {
    try (ServerSocket bare = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> answerBare(bare));
      t.setDaemon(true);
      t.start();
      String yaml = """
          apiVersion: v1
          kind: Service
          metadata: {name: bare}
          spec: {ports: [{name: http, port: 80}]}
          ---
          apiVersion: discovery.k8s.io/v1
          kind: EndpointSlice
          metadata: {name: bare, labels: {kubernetes.io/service-name: bare}}
          addressType: IPv4
          ports: [{name: http, port: %d}]
          endpoints: [{addresses: [127.0.0.1]}]
          """.formatted(bare.getLocalPort()) + ingress(NS, "bare", rule("bare.example.com", prefix("/", "bare", 80)));
      try (Deployment d = deploy("bare", yaml, haproxy)) {
        HttpResult r = HttpProbe.get(d.address(), d.httpPort(), "bare.example.com", "/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("date")).isPresent();
        assertThat(r.header("server")).contains("ingressc");
        assertThat(r.header("content-length")).contains("2");
        assertThat(r.header("content-type")).contains("text/plain");
      }
    }
  }

  /** A backend that sends only a status line, Content-Type and Content-Length. */
  private static void answerBare(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("\r\n\r\n")) {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          head.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
            .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Test
  void keysAreWrittenOwnerOnlyAndListedInTheCrtList(ProxyLauncher haproxy) throws IOException {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ctx.tlsSecret(NS, "cert", "web.example.com")
          + ingress(NS, "web", "", "  tls: [{hosts: [web.example.com], secretName: cert}]\n",
              rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("keys", yaml, haproxy)) {
        Path key = d.workspace().output().resolve("tls/default_cert.pem.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(d.files().file("crt-list.txt").orElseThrow().text())
            .isEqualTo("tls/default_cert.pem [ssl-min-ver TLSv1.2] web.example.com\n");
        for (EmittedFile f : d.files().files()) {
          if (!f.path().endsWith(".key")) {
            assertThat(f.text()).doesNotContain("PRIVATE KEY");
          }
        }
        assertThat(HttpProbe.negotiate(d.address(), d.httpsPort(), "web.example.com", "TLSv1.1")).isEmpty();
        assertThat(HttpProbe.negotiate(d.address(), d.httpsPort(), "web.example.com", "TLSv1.2")).contains("TLSv1.2");
      }
    }
  }

  @Test
  void aSpareServerSlotTakesANewEndpointThroughTheRuntimeApiWithoutAReload(ProxyLauncher haproxy) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("runtime-api", yaml, haproxy)) {
        assertThat(endpointsSeen(d, 6)).hasSize(1);
        assertThat(d.files().file("haproxy.cfg").orElseThrow().text()).contains("server s2 127.0.0.1:1 disabled");
        String added = backends.start("default/web:80", 1).get(0);
        Path socket = d.workspace().runtime().resolve("haproxy.sock");
        String web = backend(d.files().file("haproxy.cfg").orElseThrow().text(), "default_web:80").lines()
            .filter(l -> l.startsWith("backend ")).findFirst().orElseThrow().substring("backend ".length());
        runtimeApi(socket, "set server " + web + "/s2 addr " + added + " port " + backends.port());
        runtimeApi(socket, "set server " + web + "/s2 state ready");
        assertThat(endpointsSeen(d, 8)).contains(added + ":" + backends.port()).hasSize(2);
      }
    }
  }

  private static Set<String> endpointsSeen(Deployment d, int requests) {
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < requests; i++) {
      HttpResult r = HttpProbe.get(d.address(), d.httpPort(), "web.example.com", "/" + i);
      assertThat(r.status()).isEqualTo(200);
      seen.add(r.echo().path("endpoint").asText());
    }
    return seen;
  }

  private static String runtimeApi(Path socket, String command) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(4096);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) > 0) {
        buf.flip();
        out.append(StandardCharsets.US_ASCII.decode(buf));
        buf.clear();
      }
      assertThat(out.toString()).as(command).doesNotContain("No such", "not found", "Unknown", "Require");
      return out.toString();
    }
  }
}
