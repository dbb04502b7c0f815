package dev.ingressc.emit.haproxy;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.testkit.e2e.CaseContext;
import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The client address behind trusted proxies ({@link HaproxyClientAddress}) beyond the shared case,
 * through a real HAProxy. The Lua walk reads addresses as the oracle's {@code TrustedProxies.clientOf}
 * does, on the literals where parsers differ (leading zeros, long hex groups, {@code ::}, an IPv4
 * tail, IPv4-mapped, ports, brackets, ranges of either family and odd prefixes); an IPv6 client that
 * HAProxy's own {@code src} ACLs would take as IPv4 (IPv4-compatible, 6to4) is in no IPv4 source
 * range nor limit-whitelist range; the rate and connection limits count the address found.
 */
@RealProxy("haproxy")
class HaproxyClientAddressTest {
  private static final String NS = "default";
  private static final String PROXY = "127.0.0.2";
  private static final String TRUSTED = "127.0.0.2, 127.0.0.5/32, 10.64.0.0/10, 2001:db8:aaa8::/45, ::102:300/120";

  private static String trustingClass() {
    return ingressClass("behind-lb", CompileOptions.DEFAULT_CONTROLLER, true, "behind-lb")
        + parameters("behind-lb", "useForwardedHeaders: \"true\", proxyRealIpCidr: \"" + TRUSTED + "\"");
  }

  private static String annotations(String created, String... keyValues) {
    StringBuilder sb = new StringBuilder("  creationTimestamp: '" + created + "'\n  annotations: {");
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append("nginx.ingress.kubernetes.io/").append(keyValues[i]).append(": '")
          .append(keyValues[i + 1]).append("'");
    }
    return sb.append("}\n").toString();
  }

  @Test
  void theWalkAndTheRangesAgreeWithTheOracle(ProxyLauncher haproxy) {
    List<String> walked = new ArrayList<>(List.of(
        // (Whitespace around the field is HAProxy's, not the value's, and is not sent.)
        "203.0.113.9", "203.0.113.9,,", ",203.0.113.9", ",", ", ,", "",
        "203.0.113.9 127.0.0.5", "198.51.100.7,127.0.0.5, 127.0.0.2", "127.0.0.5, 127.0.0.2",
        "1.2.3.4, bogus, 127.0.0.5", "1.2.3.4\t5.6.7.8", "a.b.c.d",
        "01.2.3.4", "1.2.3.256", "1.2.3", "1.2.3.4.5", "0.0.0.0", "255.255.255.255",
        "1.2.3.4:0", "1.2.3.4:65535", "1.2.3.4:65536", "1.2.3.4:123456", "1.2.3.4:", "1.2.3.4:80:90",
        "203.0.113.9:80, 127.0.0.5:443", "[::1]", "[::1]:80", "[::1]:65536", "[1.2.3.4]", "[1.2.3.4]:80",
        "[::1]x", "[::1", "::1]", "[]", "[::1]:80, 127.0.0.5",
        "::", "::1", ":::1", "1:::2", ":1::", "1:", "1::", "1:2:3:4:5:6:7:8", "1::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "00001::1", "10000::1", "FE80::ABCD",
        "fe80::1%eth0", "g::1", "::1.2.3.4", "::01.2.3.4", "::001.002.003.004", "::1.2.3.4.5", "1::1.2.3.4",
        "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::1.2.3.256", "::ffff:1.2.3.4",
        "::ffff:0102:0304", "::FFFF:1.2.3.4", "::fffe:1.2.3.4", ".::1", "::ffff:203.0.113.9, 127.0.0.5",
        // The trusted ranges of either family and odd prefixes.
        "198.51.100.7, 10.127.255.255", "198.51.100.7, 10.128.0.1", "198.51.100.7, 10.63.255.255",
        "198.51.100.7, 2001:db8:aaaf:ffff::1", "198.51.100.7, 2001:db8:aab0::1", "198.51.100.7, 2001:db8:aaa8::",
        "198.51.100.7, 1.2.3.4", "198.51.100.7, ::1.2.3.4", "198.51.100.7, ::1.2.4.4",
        "198.51.100.7, [2001:db8:aaa9::7]:8080, 127.0.0.5",
        String.join(",", Collections.nCopies(20, "203.0.113.9")),
        String.join(",", Collections.nCopies(21, "203.0.113.9")),
        String.join("", Collections.nCopies(19, ",")), String.join("", Collections.nCopies(20, ","))));
    List<Probe> probes = new ArrayList<>();
    for (String v : walked) {
      probes.add(Probe.httpFrom(PROXY, "open.example.com", "/", Map.of("X-Forwarded-For", v)));
    }
    for (String v : List.of("203.0.113.9", "::203.0.113.9", "2002:cb00:7109::1", "2001:db8:1::9", "::198.51.100.7",
        "198.51.100.7", "2001:db8:2::1", "::1", "::")) {
      probes.add(Probe.httpFrom(PROXY, "allowed.example.com", "/", Map.of("X-Forwarded-For", v)));
      probes.add(Probe.httpFrom(PROXY, "denied.example.com", "/", Map.of("X-Forwarded-For", v)));
    }
    probes.add(Probe.httpFrom("127.0.0.3", "open.example.com", "/", Map.of("X-Forwarded-For", "203.0.113.9")));
    probes.add(Probe.httpFrom("127.0.0.5", "open.example.com", "/", Map.of("X-Forwarded-For", "203.0.113.9")));
    E2eRunner.Outcome outcome = new E2eRunner(new HaproxyEmitter(), haproxy).run(E2eCase.of("client-address-haproxy",
        ctx -> ctx.service(NS, "app", 80) + trustingClass()
            + ingress(NS, "open", "  creationTimestamp: '2024-01-01T00:00:00Z'\n", "",
                rule("open.example.com", prefix("/", "app", 80)))
            + ingress(NS, "allowed", annotations("2024-01-02T00:00:00Z", "allowlist-source-range",
                "203.0.113.0/24, 2001:db8:1::/48", "denylist-source-range", "198.51.100.0/24"), "",
                rule("allowed.example.com", prefix("/", "app", 80)))
            + ingress(NS, "denied", annotations("2024-01-03T00:00:00Z", "denylist-source-range",
                "198.51.100.0/24, 2001:db8:2::/48, 0.0.0.0/32"), "",
                rule("denied.example.com", prefix("/", "app", 80))),
        probes));
    String cfg = outcome.files().file("haproxy.cfg").orElseThrow().text();
    assertThat(outcome.check().ok()).as("haproxy -c:\n%s\n%s", outcome.check().output(), cfg).isTrue();
    assertThat(outcome.mismatches()).as("haproxy.cfg:\n%s\nhaproxy output:\n%s", cfg, outcome.proxyOutput()).isEmpty();
  }

  /**
   * limit-rps 1 (6 at once): the clients a trusted proxy names are counted apart, an IPv4 client in
   * limit-whitelist is exempt, an IPv4-compatible IPv6 one that HAProxy would compare as that IPv4
   * address is not; limit-connections 1 counts the address found too.
   */
  @Test
  void theLimitsCountTheAddressFound(ProxyLauncher haproxy) throws Exception {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      String yaml = ctx.service(NS, "web", 80) + trustingClass()
          + ingress(NS, "limited", annotations("2024-01-01T00:00:00Z", "limit-rps", "1", "limit-whitelist",
              "203.0.113.0/24, 2001:db8:1::/48"), "", rule("limited.example.com", prefix("/", "web", 80)))
          + ingress(NS, "conns", annotations("2024-01-02T00:00:00Z", "limit-connections", "1"), "",
              rule("conns.example.com", prefix("/", "web", 80)));
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try (Deployment d = Deployment.of("client-address-limits", yaml, CompileOptions.defaults(), new HaproxyEmitter(),
          haproxy)) {
        assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
        assertThat(burst(d, "198.51.100.7")).as("a named client's burst").contains(503).startsWith(200);
        assertThat(burst(d, "198.51.100.8")).as("another client named by the same proxy").startsWith(200);
        assertThat(burst(d, "203.0.113.9")).as("a client in limit-whitelist").containsOnly(200);
        assertThat(burst(d, "2001:db8:1::9")).as("an IPv6 client in limit-whitelist").containsOnly(200);
        assertThat(burst(d, "::203.0.113.9")).as("an IPv6 client in no range of limit-whitelist").contains(503);

        Future<Integer> slow = pool.submit(() -> HttpProbe.getWith(d.address(), d.httpPort(), "conns.example.com", "/",
            List.of("X-Forwarded-For: 198.51.100.7", EchoBackends.STREAM_FIELD + ": 3000"), Optional.of(PROXY)).status());
        Thread.sleep(1000);
        assertThat(get(d, "conns.example.com", "198.51.100.7")).as("a second request of the same client").isEqualTo(503);
        assertThat(get(d, "conns.example.com", "198.51.100.8")).as("another client of the same proxy").isEqualTo(200);
        assertThat(slow.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(get(d, "conns.example.com", "198.51.100.7")).as("once the slow one ended").isEqualTo(200);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static List<Integer> burst(Deployment d, String client) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      statuses.add(get(d, "limited.example.com", client));
    }
    return statuses;
  }

  private static int get(Deployment d, String host, String client) {
    return HttpProbe.getWith(d.address(), d.httpPort(), host, "/", List.of("X-Forwarded-For: " + client),
        Optional.of(PROXY)).status();
  }
}
