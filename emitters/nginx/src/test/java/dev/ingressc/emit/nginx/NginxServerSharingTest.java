package dev.ingressc.emit.nginx;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.testkit.e2e.E2eCase;
import dev.ingressc.testkit.e2e.E2eRunner;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.e2e.Probe;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import dev.ingressc.testkit.proxy.RealProxy;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hosts with identical routes share one server block (see {@link ServerSharing}); through a real
 * nginx every host still gets exactly what the oracle says, including the hosts whose routes
 * differ only in a backend, a path type or a certificate, which must keep servers of their own.
 */
@RealProxy("nginx")
class NginxServerSharingTest {
  private static final String NS = "default";
  private static final String TLS = "  tls:\n  - {hosts: [tls.same.com], secretName: cert-tls}\n";

  static E2eCase sharedRoutes() {
    List<Probe> probes = new ArrayList<>();
    for (String host : List.of("a.same.com", "b.same.com", "c.same.com", "x.wild.com", "A.SAME.COM:8080",
        "other-backend.same.com", "other-type.same.com", "y.z.wild.com", "unknown.com")) {
      for (String target : List.of("/p", "/p/", "/p/x", "/px", "/q", "/q/", "/q/x", "/", "/other?x=1")) {
        probes.add(Probe.http(host, target));
      }
    }
    probes.add(Probe.http("tls.same.com", "/p/x"));
    probes.add(Probe.https("tls.same.com", "tls.same.com", "/p/x"));
    probes.add(Probe.https("tls.same.com", "tls.same.com", "/q"));
    probes.add(Probe.https("tls.same.com", "a.same.com", "/q"));
    return E2eCase.of("shared-routes", ctx -> ctx.service(NS, "one", 80) + ctx.service(NS, "two", 80)
        + ctx.tlsSecret(NS, "cert-tls", "tls.same.com")
        + ingress(NS, "same", "", TLS,
            rule("a.same.com", prefix("/p", "one", 80), exact("/q", "two", 80)),
            rule("b.same.com", prefix("/p", "one", 80), exact("/q", "two", 80)),
            rule("*.wild.com", prefix("/p", "one", 80), exact("/q", "two", 80)),
            rule("tls.same.com", prefix("/p", "one", 80), exact("/q", "two", 80)),
            rule("other-backend.same.com", prefix("/p", "two", 80), exact("/q", "two", 80)),
            rule("other-type.same.com", prefix("/p", "one", 80), prefix("/q", "two", 80)))
        + ingress(NS, "same-elsewhere", rule("c.same.com", exact("/q", "two", 80), prefix("/p", "one", 80))),
        probes);
  }

  /** 300 long host names on one server: the comment must not list them (nginx: "too long parameter"). */
  @Test
  void manyHostsOnOneServerStillCheck(ProxyLauncher nginx) {
    List<Probe> probes = new ArrayList<>();
    StringBuilder rules = new StringBuilder();
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String host = "a-rather-long-host-name-to-fill-the-comment-line-" + i + ".many.example.com";
      hosts.add(host);
      probes.add(Probe.http(host, "/p/x"));
    }
    probes.add(Probe.http("other.example.com", "/p/x"));
    E2eCase c = E2eCase.of("many-shared-hosts", ctx -> ctx.service(NS, "one", 80)
        + ingress(NS, "many", hosts.stream().map(h -> rule(h, prefix("/p", "one", 80))).toArray(FlowManifests.Rule[]::new)),
        probes);
    E2eRunner.Outcome outcome = new E2eRunner(new NginxEmitter(), nginx).run(c);
    String conf = outcome.files().file("nginx.conf").orElseThrow().text();
    assertThat(outcome.check().ok()).as("nginx -t:\n%s", outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).as("nginx.conf:\n%s", conf).isEmpty();
    assertThat(conf.lines().mapToInt(String::length).max().orElseThrow()).isGreaterThan(4096); // server_name
    assertThat(conf.lines().filter(l -> l.strip().startsWith("#")).mapToInt(String::length).max().orElseThrow())
        .isLessThan(1024);
  }

  @Test
  void hostsWithTheSameRoutesShareOneServerAndEachRoutesAsTheOracle(ProxyLauncher nginx) {
    E2eRunner.Outcome outcome = new E2eRunner(new NginxEmitter(), nginx).run(sharedRoutes());
    String conf = outcome.files().file("nginx.conf").orElseThrow().text();
    assertThat(outcome.check().ok()).as("nginx -t:\n%s", outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).as("nginx.conf:\n%s\nnginx output:\n%s", conf, outcome.proxyOutput()).isEmpty();

    List<String> serverNames = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^ +server_name (.*);$").matcher(conf);
    while (m.find()) {
      serverNames.add(m.group(1));
    }
    // a, b, c and the wildcard have the same routes (in whichever order their Ingresses list
    // them): one server. The TLS host has its own certificate, the other two differ: their own.
    assertThat(serverNames).containsExactlyInAnyOrder(
        "\"~^[^.]+\\\\.wild\\\\.com\\\\z\" \"a.same.com\" \"b.same.com\" \"c.same.com\"",
        "\"other-backend.same.com\"", "\"other-type.same.com\"", "\"tls.same.com\"", "\"tls.same.com\"");
    assertThat(conf).contains("# \"host *.wild.com and 3 more (see server_name): the same routes, one server\"");
  }
}
