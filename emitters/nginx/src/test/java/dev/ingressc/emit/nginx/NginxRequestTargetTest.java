package dev.ingressc.emit.nginx;

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
import dev.ingressc.testkit.http.Curl;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The request-target policy (SEMANTICS.md, Request targets) through a real nginx: every
 * refused class gets 400, encoded and slash-doubled targets are routed by their canonical path, and
 * the backend receives the target byte for byte, on upstream blocks, on a DNS upstream (proxy_pass
 * with a variable) and, in the lua format's subclass, on the Lua-balanced upstream. Each answer is
 * the route oracle's.
 */
@RealProxy("nginx")
class NginxRequestTargetTest {
  private static final String NS = "default";
  private static final String HOST = "t.example.com";
  private static final String CATCH_ALL = "other.example.com";
  private static final String DNS_HOST = "dns.example.com";
  private static final String REDIRECT_HOST = "r.example.com";

  /** Every refused class of {@code RequestTargetsTest}, plus dot segments that would reach a rule. */
  static final List<String> REFUSED = List.of(
      "/a%2Fb", "/a%2fb", "/a%5Cb", "/a%5cb", "/a%00", "/a%0A", "/a%1f", "/a%7F", "/a%7f", "/a?q=%7F",
      "/a%25", "/a%2541", "/a%", "/a%4", "/a%4?x", "/a%zz", "/a%g1", "/a%%41",
      "/.", "/..", "/a/.", "/a/..", "/a/./b", "/a/../b", "/a/.?x", "/a/..?x", "/%2e", "/%2E%2e/a", "/a/.%2E/",
      "/a//./b", "/x/../a/b", "/a/b/%2e%2e/b", "/a/b/.", "/a/%2E/b",
      "/a\\b", "/a\"b", "/a<b", "/a>b", "/a^b", "/a`b", "/a{b", "/a}b", "/a|b", "/a[b", "/a]b",
      "/a#b", "/a?b#c", "/a b", "/a?b c", "/a\tb", "/a\u00e9", "/a\u007fb", "/a/b?\u00e9",
      "http://t.example.com/a/b", "HTTP://t.example.com/a/b", "http://elsewhere.example/a/b", "*", "a/b");

  /** Targets the policy accepts: routed by their canonical path, forwarded as sent. */
  static final List<String> ACCEPTED = List.of(
      "/", "/a/b", "/a/b/", "/a/b/c", "/a/%62", "/%61/b", "/%61/%62/c", "/A/B", "/a/%42",
      "//a//b", "/a//b", "//a/b//c", "///", "/a/b//", "/a~b", "/a%7eb", "/a%7Eb", "/a%7e", "/a%7E",
      "/@me", "/%40me", "/%40me/x", "/@me/", "/@ME", "/x:y", "/x%3ay", "/x%3Ay", "/x%3a", "/x:y/z",
      "/a/b?x=%2F&y=/../..", "/a/b?%zz", "/a/b?q=[]{}|^", "/a/b?x=%2f", "/a/b?/./",
      "/a/b%2E", "/a/..x", "/a/...", "/a/.%2e.", "/a;b=c/d", "/a/%20x", "/a/%3Fx", "/a/%c3%a9", "/a/%C3%A9",
      "/a$b", "/a'b", "/a;b", "/a&b=1", "/a/b$", "/a/b;", "/a/b'");

  /** The format under test; the lua format's test overrides it. */
  NginxFormat format() {
    return NginxFormat.NATIVE;
  }

  @Test
  void everyTargetIsAnsweredAsTheOracleAndForwardedAsSent(ProxyLauncher nginx) {
    withDeployment(nginx, (d, ctx) -> {
      RouteOracle oracle = new RouteOracle(d.compilation().ir());
      List<String> wrong = new ArrayList<>();
      TreeSet<Integer> statuses = new TreeSet<>();
      for (String host : List.of(HOST, CATCH_ALL, DNS_HOST, REDIRECT_HOST)) {
        for (String target : concat(REFUSED, ACCEPTED)) {
          RouteAnswer want = oracle.route(new RouteRequest(host, target, Optional.empty(), d.httpsPort()));
          statuses.add(want.status());
          HttpResult got = HttpProbe.get(d.address(), d.httpPort(), host, target);
          String problem = mismatch(want, got, target);
          if (problem != null) {
            wrong.add("Host " + host + " " + printable(target) + ": " + problem + "\n    oracle: "
                + String.join("\n            ", want.explanation()));
          }
        }
      }
      assertThat(wrong).as("nginx.conf:\n%s", d.files().file("nginx.conf").orElseThrow().text()).isEmpty();
      assertThat(statuses).as("the targets reach every outcome").contains(200, 308, 400, 404);
      // OPTIONS * is the one asterisk-form request HTTP allows.
      assertThat(HttpProbe.http(d.address(), d.httpPort(), "OPTIONS", HOST, "*", new byte[0]).status())
          .isEqualTo(400);
    });
  }

  /**
   * HTTP/2 has no request line: nginx writes {@code $request} from the {@code :path}, so an
   * origin-form {@code :path} is never refused for its form, and the refused classes still are.
   * (curl resolves dot segments itself, so none is sent here.)
   */
  @Test
  void http2RequestsFollowThePolicyToo(ProxyLauncher nginx) {
    withDeployment(nginx, (d, ctx) -> {
      RouteOracle oracle = new RouteOracle(d.compilation().ir());
      TreeSet<Integer> statuses = new TreeSet<>();
      for (String target : List.of("/a/%62", "//a//b", "/%61?x=%2F&y=/../", "/a%2Fb", "/a%25", "/a%7f", "/a/%5C")) {
        RouteAnswer want = oracle.route(new RouteRequest(REDIRECT_HOST, target, Optional.of(REDIRECT_HOST),
            d.httpsPort()));
        statuses.add(want.status());
        Curl.Answer got = Curl.get("--http2", "https", d.address(), d.httpsPort(), REDIRECT_HOST, target,
            ctx.certificates().get(NS + "/cert"));
        assertThat(got.version()).as("%s: %s", target, got.stderr()).isEqualTo("2");
        assertThat(got.status()).as(target).isEqualTo(want.status());
        if (want.status() == 200) {
          JsonNode echo = readJson(got.body());
          assertThat(echo.path("upstream").asText()).as(target).isEqualTo(want.upstream().orElseThrow().name());
          String query = echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
          assertThat(echo.path("path").asText() + query).as(target).isEqualTo(target);
        }
      }
      assertThat(statuses).containsExactly(200, 400);
    });
  }

  private static JsonNode readJson(String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(body, e);
    }
  }

  /** The 400 comes before the upgrade's 403, which still holds for an accepted target. */
  @Test
  void aRefusedTargetIsAnswered400BeforeTheUpgradeRefusal(ProxyLauncher nginx) {
    withDeployment(nginx, (d, ctx) -> {
      List<String> upgrade = List.of("Connection: upgrade", "Upgrade: foo/1");
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/a/../a/b", upgrade).status()).isEqualTo(400);
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), HOST, "http://t.example.com/a/b", upgrade).status())
          .isEqualTo(400);
      assertThat(HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/a/%62", upgrade).status()).isEqualTo(403);
    });
  }

  /**
   * The policy's regex is printed as it is (it holds no backslash or double quote, the only
   * characters nginx's parser changes inside quotes), and no location rewrites the target: every
   * proxy_pass and grpc_pass names a scheme and an upstream and no URI, so nginx forwards the
   * target as sent.
   */
  @Test
  void theConfigHoldsThePolicyRegexAndNoPassRewritesTheTarget(ProxyLauncher nginx) {
    withDeployment(nginx, (d, ctx) -> {
      String conf = d.files().file("nginx.conf").orElseThrow().text();
      assertThat(conf).contains("        \"~" + RequestTargets.REFUSED_TARGET + "\" 1;\n")
          .contains("        \"~" + ViewBuilder.NOT_ORIGIN_FORM + "\" 1;\n")
          .contains("    merge_slashes on;\n");
      List<String> passes = conf.lines().filter(l -> l.matches(" *(proxy|grpc)_pass .*")).toList();
      assertThat(passes).as("a proxy_pass, a DNS proxy_pass and a grpc_pass at least")
          .anyMatch(l -> l.contains("grpc_pass")).anyMatch(l -> l.contains("$ingressc_upstream"))
          .allMatch(l -> l.matches(" *(proxy|grpc)_pass (\"(https?|grpcs?)://[A-Za-z0-9_]+\"|(https?|grpcs?)://\\$ingressc_upstream);"),
              "no URI part");
      long servers = conf.lines().filter(l -> l.equals("    server {")).count();
      long guarded = conf.lines().filter(l -> l.equals("        if ($ingressc_refused_target) {")).count();
      // The lua format's control server (a unix socket only the sidecar reaches) is not guarded.
      assertThat(guarded).isEqualTo(format() == NginxFormat.LUA ? servers - 1 : servers).isPositive();
    });
  }

  private void withDeployment(ProxyLauncher nginx, BiConsumer<Deployment, CaseContext> test) {
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "ab", 80) + ctx.service(NS, "tilde", 80) + ctx.service(NS, "at", 80)
          + ctx.service(NS, "colon", 80) + ctx.service(NS, "root", 80) + ctx.service(NS, "grpc", 80)
          + ctx.tlsSecret(NS, "cert", REDIRECT_HOST)
          + ingress(NS, "punct", rule(HOST, prefix("/a/b", "ab", 80), exact("/a~b", "tilde", 80),
              prefix("/@me", "at", 80), exact("/x:y", "colon", 80)))
          + ingress(NS, "any", rule("", prefix("/", "root", 80)))
          + ingress(NS, "secure", "", "  tls: [{hosts: [" + REDIRECT_HOST + "], secretName: cert}]\n",
              rule(REDIRECT_HOST, prefix("/a", "ab", 80)))
          + ingress(NS, "grpc", "  annotations: {nginx.ingress.kubernetes.io/backend-protocol: GRPC}", "",
              rule("g.example.com", prefix("/", "grpc", 80)));
      // An ExternalName Service naming an echo backend's address: a DNS upstream (proxy_pass with a
      // variable) that nginx reaches without a resolver, since the name is an IPv4 literal.
      int port = backends.port();
      String address = backends.start(NS + "/ext:" + port, 1).get(0);
      yaml += "---\napiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: " + NS + "}\n"
          + "spec: {type: ExternalName, externalName: \"" + address + "\", ports: [{name: http, port: " + port + "}]}\n"
          + ingress(NS, "dns", rule(DNS_HOST, prefix("/", "ext", port)));
      try (Deployment d = Deployment.of("request-targets", yaml, CompileOptions.defaults(),
          new NginxEmitter(format()), nginx)) {
        assertThat(d.check().ok()).as("nginx -t: %s", d.check().output()).isTrue();
        assertThat(d.compilation().ir().upstream(NS + "/ext:" + port)).hasValueSatisfying(
            u -> assertThat(u.kind()).isEqualTo(dev.ingressc.ir.UpstreamKind.DNS));
        test.accept(d, ctx);
      }
    }
  }

  /** Why nginx's answer differs from the oracle's, or null. */
  private static String mismatch(RouteAnswer want, HttpResult got, String target) {
    if (got.status() != want.status()) {
      return "status " + got.status() + ", the oracle says " + want.status()
          + (got.status() == 200 ? " (answered by " + got.echo().path("upstream").asText() + ")" : "");
    }
    if (want.status() == 308 && !want.location().equals(got.header("location"))) {
      return "Location " + got.header("location").orElse("(none)") + ", the oracle says " + want.location().get();
    }
    if (want.status() != 200) {
      return null;
    }
    JsonNode echo = got.echo();
    String upstream = want.upstream().orElseThrow().name();
    if (!echo.path("upstream").asText().equals(upstream)) {
      return "answered by " + echo.path("upstream").asText() + ", the oracle says " + upstream;
    }
    String received = echo.path("path").asText() + (echo.path("query").isNull() ? "" : "?" + echo.path("query").asText());
    return received.equals(target) ? null : "the backend received " + printable(received);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 0x21 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return sb.toString();
  }
}
