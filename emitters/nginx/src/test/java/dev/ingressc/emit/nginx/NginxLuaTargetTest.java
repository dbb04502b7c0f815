package dev.ingressc.emit.nginx;

import static dev.ingressc.testkit.fixtures.FlowManifests.endpointSlice;
import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static dev.ingressc.testkit.fixtures.FlowManifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Promises of the Lua balancer (--format lua) that the shared cases do not cover, through a real
 * nginx. The control socket is exercised through the sidecar, which owns its client.
 */
@RealProxy("nginx-lua")
class NginxLuaTargetTest {
  private static final String NS = "default";

  /**
   * Exact hosts whose routes differ only in their backends share one server, each host's upstream
   * coming from the host-route map; nginx still answers every host as the oracle does, whatever
   * the case, port or trailing dot of its Host. The wildcard host keeps a server of its own.
   */
  @Test
  void hostsThatDifferOnlyInTheirBackendsShareOneServer(ProxyLauncher nginx) {
    List<Probe> probes = new ArrayList<>();
    for (String host : List.of("a.same.com", "B.SAME.COM:8080", "c.same.com.", "x.wild.com", "d.other.com",
        "unknown.com")) {
      for (String target : List.of("/", "/p", "/p/x", "/q", "/q/y")) {
        probes.add(Probe.http(host, target));
      }
    }
    E2eCase c = E2eCase.of("lua-host-routes", ctx -> ctx.service(NS, "one", 80) + ctx.service(NS, "two", 80)
        + ctx.service(NS, "three", 80, "http", 2)
        + ingress(NS, "a", rule("a.same.com", prefix("/p", "one", 80), exact("/q", "two", 80)))
        + ingress(NS, "b", rule("b.same.com", prefix("/p", "two", 80), exact("/q", "two", 80)))
        + ingress(NS, "c", rule("c.same.com", prefix("/p", "three", 80), exact("/q", "one", 80)))
        + ingress(NS, "w", rule("*.wild.com", prefix("/p", "two", 80), exact("/q", "two", 80)))
        + ingress(NS, "d", rule("d.other.com", prefix("/p", "three", 80), prefix("/q", "one", 80))), probes);
    E2eRunner.Outcome outcome = new E2eRunner(new NginxEmitter(NginxFormat.LUA), nginx).run(c);
    String conf = outcome.files().file("nginx.conf").orElseThrow().text();
    assertThat(outcome.check().ok()).as("nginx -t:\n%s", outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).as("nginx.conf:\n%s\nnginx output:\n%s", conf, outcome.proxyOutput()).isEmpty();
    assertThat(conf).contains("server_name \"a.same.com\" \"b.same.com\" \"c.same.com\";")
        .contains("map \"$host $ingressc_slot\" $ingressc_host_route {")
        .contains("server_name \"~^[^.]+\\\\.wild\\\\.com\\\\z\";")
        .contains("server_name \"d.other.com\";");
    // Prefix /p is two locations (= /p, ^~ /p/), and /q goes to "two" on a and b but "one" on c:
    // three locations whose backends differ, so three slots for each of the three hosts.
    assertThat(conf.lines().filter(l -> l.matches(" +\"[a-c]\\.same\\.com [0-9]+\" \"u.*\";"))).hasSize(9);
  }

  /** The shared-server case of the native format: the same answers in the lua format. */
  @Test
  void theSharedServerCaseAnswersAsTheOracle(ProxyLauncher nginx) {
    E2eRunner.Outcome outcome = new E2eRunner(new NginxEmitter(NginxFormat.LUA), nginx)
        .run(NginxServerSharingTest.sharedRoutes());
    assertThat(outcome.check().ok()).as("nginx -t:\n%s", outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).as("nginx.conf:\n%s", outcome.files().file("nginx.conf").orElseThrow().text())
        .isEmpty();
  }

  /**
   * nginx reads no value longer than 4 KB: 300 endpoints (about 5 KB) go on in a second map, and
   * the balancer reads them whole. Two endpoints answer; nothing listens on the other 298.
   */
  @Test
  void aServiceWithThreeHundredEndpointsIsServed(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> live = backends.start(NS + "/web:80", 2);
      String prefix = live.get(0).substring(0, live.get(0).lastIndexOf('.', live.get(0).lastIndexOf('.') - 1));
      List<String> addresses = new ArrayList<>(live);
      for (int i = 0; addresses.size() < 300; i++) {
        addresses.add(prefix + ".200." + (i + 1));
      }
      String yaml = service(NS, "web", Map.of("http", 80))
          + endpointSlice(NS, "web", "web", "http", backends.port(), addresses, true)
          + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = Deployment.of("lua-300", yaml, CompileOptions.defaults(),
          new NginxEmitter(NginxFormat.LUA), nginx)) {
        assertThat(d.check().ok()).as("nginx -t: %s", d.check().output()).isTrue();
        assertThat(d.files().file(LuaEndpoints.FILE).orElseThrow().text()).contains("$ingressc_peers_2 {");
        assertThat(endpointsAnswering(d)).hasSize(2);
      }
    }
  }

  @Test
  void anEndpointThatRefusesIsRetriedOnTheNextAsNginxDoes(ProxyLauncher nginx) {
    try (EchoBackends backends = new EchoBackends()) {
      List<String> addresses = new ArrayList<>(backends.start(NS + "/web:80", 2));
      // Nothing listens on .250: a connection there is refused, and the next endpoint must answer.
      String dead = addresses.get(0).substring(0, addresses.get(0).lastIndexOf('.')) + ".250";
      addresses.add(dead);
      String yaml = service(NS, "web", Map.of("http", 80))
          + endpointSlice(NS, "web", "web", "http", backends.port(), addresses, true)
          + ingress(NS, "web", rule("web.example.com", prefix("/", "web", 80)));
      try (Deployment d = Deployment.of("lua-retry", yaml, CompileOptions.defaults(),
          new NginxEmitter(NginxFormat.LUA), nginx)) {
        assertThat(d.check().ok()).as("nginx -t: %s", d.check().output()).isTrue();
        assertThat(d.files().file(LuaEndpoints.FILE).orElseThrow().text()).contains(dead + ":" + backends.port());
        assertThat(endpointsAnswering(d)).hasSize(2);
      }
    }
  }

  /** The endpoints that answer 12 requests for web.example.com, each of which must get 200. */
  private static Set<String> endpointsAnswering(Deployment d) {
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      HttpResult r = HttpProbe.get(d.address(), d.httpPort(), "web.example.com", "/" + i);
      assertThat(r.status()).as("request %d: %s", i, r.text()).isEqualTo(200);
      answered.add(r.echo().path("endpoint").asText());
    }
    return answered;
  }
}
