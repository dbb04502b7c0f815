package dev.ingressc.emit.nginx;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingressc.CompileOptions;
import dev.ingressc.testkit.e2e.BodyLimitCases;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** nginx-specific promises that the shared cases do not cover, each through a real nginx. */
@RealProxy("nginx")
class NginxTargetTest {
  private static final String NS = "default";

  private static Deployment deploy(String name, String yaml, CompileOptions options, ProxyLauncher nginx) {
    Deployment d = Deployment.of(name, yaml, options, new NginxEmitter(), nginx);
    assertThat(d.check().ok()).as("nginx -t: %s", d.check().output()).isTrue();
    return d;
  }

  @Test
  void theConfigChecksAsANonRootUser(ProxyLauncher nginx) throws Exception {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ctx.tlsSecret(NS, "cert", "web.example.com")
          + ingress(NS, "web", "", "  tls: [{hosts: [web.example.com], secretName: cert}]\n",
              rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("non-root", yaml, CompileOptions.defaults(), nginx)) {
        List<String> command = new ArrayList<>(nginx.kind().checkCommand(binary(nginx), d.workspace().output(),
            d.workspace().runtime()));
        if (isRoot()) {
          // Hand the files to nobody, as a deployment would to its own user, and drop root.
          run(List.of("chown", "-R", "nobody:nogroup", d.workspace().root().toString()));
          command.addAll(0, List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("test is successful").doesNotContain("[warn]", "[emerg]", "[alert]");
      }
    }
  }

  @Test
  void upstreamConnectionsAreKeptAlive(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("keepalive", yaml, CompileOptions.defaults(), nginx)) {
        Set<String> peers = new HashSet<>();
        for (int i = 0; i < 8; i++) {
          HttpResult r = HttpProbe.get(d.address(), d.httpPort(), "web.example.com", "/" + i);
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.echo().path("headers").path("connection").isMissingNode()).isTrue();
          peers.add(r.echo().path("peer").asText());
        }
        // Two workers may each open one connection; without keep-alive there would be eight.
        assertThat(peers).hasSizeLessThanOrEqualTo(2);
      }
    }
  }

  @Test
  void methodAndBodyPassAndTheBodyLimitComesFromTheClassParameters(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "small", 80) + ctx.service(NS, "large", 80)
          + ingressClass("default-limits", CompileOptions.DEFAULT_CONTROLLER, true, "")
          + ingressClass("large-bodies", CompileOptions.DEFAULT_CONTROLLER, false, "large-bodies")
          + parameters("large-bodies", "proxyBodySize: 4m, proxyReadTimeout: 90s")
          + ingress(NS, "small", rule("small.example.com", prefix("/", "small", 80)))
          + ingress(NS, "large", "", "  ingressClassName: large-bodies\n",
              rule("large.example.com", prefix("/", "large", 80)));
      byte[] twoMiB = new byte[2 * 1024 * 1024];
      try (Deployment d = deploy("body-limit", yaml, CompileOptions.defaults(), nginx)) {
        HttpResult small = HttpProbe.http(d.address(), d.httpPort(), "POST", "small.example.com", "/upload", twoMiB);
        assertThat(small.status()).isEqualTo(413);
        HttpResult smallOk = HttpProbe.http(d.address(), d.httpPort(), "PUT", "small.example.com", "/up?x=1", new byte[1000]);
        assertThat(smallOk.status()).isEqualTo(200);
        assertThat(smallOk.echo().path("method").asText()).isEqualTo("PUT");
        assertThat(smallOk.echo().path("bodyBytes").asLong()).isEqualTo(1000);
        HttpResult large = HttpProbe.http(d.address(), d.httpPort(), "POST", "large.example.com", "/upload", twoMiB);
        assertThat(large.status()).isEqualTo(200);
        assertThat(large.echo().path("bodyBytes").asLong()).isEqualTo(twoMiB.length);
        assertThat(d.files().file("nginx.conf").orElseThrow().text()).contains("proxy_read_timeout 90000ms;");
      }
    }
  }

  /** The shared body-limit requests (testkit BodyLimitCases): nginx reads a body whole before it connects. */
  @Test
  void theBodyLimitHoldsForChunkedBodiesAndTheBackendSeesNothingOfARefusedOne(ProxyLauncher nginx) {
    BodyLimitCases.assertAll(new NginxEmitter(), nginx, BodyLimitCases.ChunkedRefusal.NOTHING);
  }

  @Test
  void tlsOneTwoAndOneThreeAreSpokenAndNothingOlder(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + ctx.tlsSecret(NS, "cert", "web.example.com")
          + ingress(NS, "web", "", "  tls: [{hosts: [web.example.com], secretName: cert}]\n",
              rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = deploy("tls-versions", yaml, CompileOptions.defaults(), nginx)) {
        assertThat(HttpProbe.negotiate(d.address(), d.httpsPort(), "web.example.com", "TLSv1.2")).contains("TLSv1.2");
        assertThat(HttpProbe.negotiate(d.address(), d.httpsPort(), "web.example.com", "TLSv1.3")).contains("TLSv1.3");
        assertThat(d.files().file("nginx.conf").orElseThrow().text()).contains("ssl_protocols TLSv1.2 TLSv1.3;");
      }
    }
  }

  @Test
  void dnsUpstreamsThatDoNotResolveNeitherBreakTheCheckNorTheOtherRoutes(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "web", 80) + """
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: external, namespace: default}
          spec: {type: ExternalName, externalName: no-such-host.invalid, ports: [{name: http, port: 80}]}
          ---
          apiVersion: v1
          kind: Service
          metadata: {name: no-slices, namespace: default}
          spec: {ports: [{name: http, port: 80}]}
          """
          + ingress(NS, "dns", rule("dns.example.com", prefix("/", "web", 80), prefix("/external", "external", 80),
              prefix("/cluster", "no-slices", 80)));
      try (Deployment d = deploy("dns-upstreams", yaml, CompileOptions.defaults(), nginx)) {
        String conf = d.files().file("nginx.conf").orElseThrow().text();
        assertThat(conf).contains("set $ingressc_upstream \"no-such-host.invalid:80\";")
            .contains("set $ingressc_upstream \"no-slices.default.svc.cluster.local:80\";");
        assertThat(HttpProbe.get(d.address(), d.httpPort(), "dns.example.com", "/").status()).isEqualTo(200);
        // No resolver file in the runtime directory: nginx answers 502 rather than guessing.
        assertThat(HttpProbe.get(d.address(), d.httpPort(), "dns.example.com", "/external/x").status()).isEqualTo(502);
      }
    }
  }

  /**
   * nginx matches the path after decoding percent-escapes, merging slashes and resolving dot
   * segments; with the targets whose decoding could mislead refused (SEMANTICS.md, Request
   * targets), that is the canonical path, and the target passes on unchanged.
   * {@code NginxRequestTargetTest} holds every class to the oracle.
   */
  @Test
  void requestPathsAreMatchedCanonicalButForwardedRaw(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "root", 80) + ctx.service(NS, "admin", 80)
          + ingress(NS, "norm", rule("norm.example.com", prefix("/", "root", 80), exact("/admin", "admin", 80)));
      try (Deployment d = deploy("normalization", yaml, CompileOptions.defaults(), nginx)) {
        for (String target : List.of("/%61dmin", "//admin", "/%61dmin?x=/../")) {
          JsonNode echo = HttpProbe.get(d.address(), d.httpPort(), "norm.example.com", target).echo();
          assertThat(echo.path("upstream").asText()).as(target).isEqualTo("default/admin:80");
          String query = echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
          assertThat(echo.path("path").asText() + query).as(target).isEqualTo(target);
        }
        for (String target : List.of("/x/../admin", "/./admin", "/%2e/admin")) {
          assertThat(HttpProbe.get(d.address(), d.httpPort(), "norm.example.com", target).status()).as(target)
              .isEqualTo(400);
        }
      }
    }
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("id", "-u").start();
    String uid = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return uid.equals("0");
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
  }

  private static String binary(ProxyLauncher nginx) {
    Optional<String> b = dev.ingressc.testkit.proxy.LocalProxyLauncher.find("nginx");
    return b.orElse(Path.of("nginx").toString());
  }
}
