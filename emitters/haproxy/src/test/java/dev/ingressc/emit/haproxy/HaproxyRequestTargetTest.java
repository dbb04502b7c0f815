package dev.ingressc.emit.haproxy;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.CompileOptions;
import dev.ingressc.ir.RequestTargets;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.http.Curl;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The request-target policy (SEMANTICS.md, Request targets) through a real HAProxy: every
 * refused class gets 400, encoded paths route by their canonical path, and the backend receives
 * the target as sent. Each answer is compared with the route oracle's.
 */
@RealProxy("haproxy")
class HaproxyRequestTargetTest {
  private static final String NS = "default";
  private static final String WEB = "web.example.com";
  private static final String TLS = "tls.example.com";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Rules whose paths hold rule punctuation; a TLS host redirects plain HTTP to https. */
  private static String manifests(CaseContext ctx) {
    return ctx.service(NS, "root", 80) + ctx.service(NS, "ab", 80) + ctx.service(NS, "tilde", 80)
        + ctx.service(NS, "me", 80) + ctx.service(NS, "xy", 80) + ctx.service(NS, "punct", 80)
        + ctx.tlsSecret(NS, "cert", TLS)
        + ingress(NS, "web", rule(WEB, prefix("/", "root", 80), exact("/a/b", "ab", 80), prefix("/a~b", "tilde", 80),
            exact("/@me", "me", 80), prefix("/x:y", "xy", 80), prefix("\"/p(q)*+,=!&\"", "punct", 80)))
        + ingress(NS, "tls", "", "  tls: [{hosts: [" + TLS + "], secretName: cert}]\n",
            rule(TLS, prefix("/", "root", 80), exact("/a/b", "ab", 80)));
  }

  /** Accepted targets: escapes of rule characters in either hex case, runs of slashes, odd queries. */
  static final List<String> ACCEPTED = List.of(
      "/a/b", "/a/%62", "/%61/b", "/%61/%62", "/a/%42", "//a//b", "/a//b", "///a/b", "/a/b/", "/a/b?x=%2F&y=/../..",
      "/a/b?q=%zz%00%25", "/a/b?x=[]{}|^`\"\\", "/a~b", "/a%7eb", "/a%7Eb/c", "/a~b//c", "/@me", "/%40me", "/%40ME",
      "/x:y", "/x%3ay", "/x%3Ay/z", "/p(q)*+,=!&", "/p%28q%29%2a%2B%2c%3D%21%26/r", "/a/%20b", "/a/%c3%a9",
      "/a%3F+b", "/a;b=c/d", "/a/..x", "/a/...", "/a/b%2E", "/", "//", "/?", "/a$b'c");

  /** One target, at least, of every class RequestTargetsTest refuses; in the query too where "anywhere". */
  static final List<String> REFUSED = List.of(
      // anywhere: outside printable ASCII, a fragment, an escaped or raw DEL
      "/a\u00e9", "/a?q=\u00e9", "/a#b", "/a?b#c", "/a%7F", "/a%7f", "/a?q=%7F", "/a\u007fb", "/a?q=\u007f",
      "/a b", "/a?b c", "/a\tb", "/a\u0001", "/a?q=\u0001", "/a\u001f",
      // characters RFC 3986 does not allow in a path
      "/a\"b", "/a<b", "/a>b", "/a\\b", "/a^b", "/a`b", "/a{b", "/a}b", "/a|b", "/a[b", "/a]b",
      // malformed escapes
      "/a%", "/a%4", "/a%4?x", "/a%zz", "/a%g1", "/a%%41",
      // escaped slash, backslash, control character, percent sign
      "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a%00", "/a%0A", "/a%1f", "/a%25", "/a%2541",
      // dot segments, maybe escaped
      "/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b", "/a/.?x", "/a/..?x", "/%2e", "/%2E%2e/a", "/a/.%2E/",
      "/a//./b",
      // not origin-form; absolute-form whatever the Host says
      "*", "a/b", "http://" + WEB + "/a/b", "HTTP://" + WEB + "/a/b", "https://" + WEB + "/", "http://other.example.com/a/b");

  private static Stream<Probe> probes(String host, List<String> targets) {
    return targets.stream().map(t -> Probe.http(host, t));
  }

  @Test
  void everyTargetIsAnsweredAsTheOracleSaysAndTheBackendGetsItUnchanged(ProxyLauncher haproxy) {
    List<Probe> probes = new ArrayList<>();
    probes.addAll(probes(WEB, ACCEPTED).toList());
    probes.addAll(probes(WEB, REFUSED).toList());
    // Precedence: the 400 comes before the https redirect, which keeps the original target.
    probes.addAll(probes(TLS, List.of("/a%2Fb", "/a/./b", "/a#b", "http://" + TLS + "/a/b", "/a/b", "//a/%62?x=%2F"))
        .toList());
    probes.addAll(Stream.of("/a/%62", "/a%2Fb", "/a/../b").map(t -> Probe.https(TLS, TLS, t)).toList());
    E2eRunner.Outcome outcome = new E2eRunner(new HaproxyEmitter(), haproxy)
        .run(E2eCase.of("request-targets", HaproxyRequestTargetTest::manifests, probes));
    String cfg = outcome.files().file("haproxy.cfg").orElseThrow().text();
    assertThat(outcome.check().ok()).as("haproxy -c:\n%s\n%s", outcome.check().output(), cfg).isTrue();
    assertThat(outcome.mismatches()).as("haproxy output:\n%s", outcome.proxyOutput()).isEmpty();
  }

  /** The oracle's own view of the table, so the test cannot pass by refusing or accepting everything. */
  @Test
  void theTableCoversBothOutcomes() {
    for (String t : ACCEPTED) {
      assertThat(RequestTargets.canonicalize(t)).as(t).isInstanceOf(RequestTargets.Canonical.class);
    }
    for (String t : REFUSED) {
      assertThat(RequestTargets.canonicalize(t)).as(t).isInstanceOf(RequestTargets.Refused.class);
    }
  }

  /** The 400 comes before the upgrade 403: a refused target with an unknown Upgrade is a 400. */
  @Test
  void aRefusedTargetIsRefusedBeforeAnUpgradeIs(ProxyLauncher haproxy) {
    try (EchoBackends backends = new EchoBackends(); Deployment d = deploy(backends, haproxy)) {
      List<String> upgrade = List.of("Connection: upgrade", "Upgrade: foo");
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), WEB, "/a%2Fb", upgrade).status()).isEqualTo(400);
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), WEB, "http://" + WEB + "/", upgrade).status())
          .isEqualTo(400);
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), WEB, "/a/b", upgrade).status()).isEqualTo(403);
    }
  }

  /**
   * HAProxy's config parser hands PCRE the policy's regex unchanged: its runtime API lists the
   * pattern as loaded, although the regex holds {@code $ ' ( ) ,} and HAProxy's quoting is special.
   */
  @Test
  void theRegexReachesHaproxyUnchanged(ProxyLauncher haproxy) throws IOException {
    try (EchoBackends backends = new EchoBackends(); Deployment d = deploy(backends, haproxy)) {
      Path socket = d.workspace().runtime().resolve("haproxy.sock");
      String acl = runtimeApi(socket, "show acl").lines().filter(l -> l.contains("acl 'pathq'")).findFirst()
          .orElseThrow(() -> new AssertionError("no pathq ACL in show acl"));
      String id = acl.substring(0, acl.indexOf(' '));
      List<String> patterns = runtimeApi(socket, "show acl #" + id).lines().filter(l -> !l.isBlank())
          .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
      assertThat(patterns).containsExactly(RequestTargets.REFUSED_TARGET);
    }
  }

  /**
   * HTTP/2 has no request line: HAProxy holds its target as an absolute URI, which is not refused
   * for that; an encoded path routes by its canonical path, and a refused class is refused.
   */
  @Test
  void http2OverTlsFollowsThePolicy(ProxyLauncher haproxy) throws IOException {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      try (Deployment d = Deployment.of("h2-targets", manifests(ctx), CompileOptions.defaults(), new HaproxyEmitter(),
          haproxy)) {
        assertThat(d.running()).as("haproxy -c: %s", d.check().output()).isTrue();
        RouteOracle oracle = new RouteOracle(d.compilation().ir());
        String cert = ctx.certificates().get(NS + "/cert");
        for (String target : List.of("/a/b", "/a/%62?x=%2F", "//a//b", "/%61/B", "/a%2Fb", "/a%25", "/a/%2e%2E/b")) {
          RouteAnswer want = oracle.route(new RouteRequest(TLS, target, Optional.of(TLS), d.httpsPort()));
          Curl.Answer got = Curl.get("--http2", "https", d.address(), d.httpsPort(), TLS, target, cert);
          assertThat(got.exit()).as("curl %s: %s", target, got).isZero();
          assertThat(got.version()).as(target).isEqualTo("2");
          assertThat(got.status()).as("%s: %s\noracle: %s", target, got, want.explanation()).isEqualTo(want.status());
          if (want.status() == 200) {
            JsonNode echo = JSON.readTree(got.body());
            assertThat(echo.path("upstream").asText()).as(target).isEqualTo(want.upstream().get().name());
            String query = echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
            assertThat(echo.path("path").asText() + query).as(target).isEqualTo(target);
          }
        }
      }
    }
  }

  private static Deployment deploy(EchoBackends backends, ProxyLauncher haproxy) {
    Deployment d = Deployment.of("targets", manifests(new CaseContext(backends)), CompileOptions.defaults(),
        new HaproxyEmitter(), haproxy);
    assertThat(d.running()).as("haproxy -c: %s", d.check().output()).isTrue();
    return d;
  }

  private static String runtimeApi(Path socket, String command) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) > 0) {
        buf.flip();
        out.append(StandardCharsets.ISO_8859_1.decode(buf));
        buf.clear();
      }
      return out.toString();
    }
  }
}
