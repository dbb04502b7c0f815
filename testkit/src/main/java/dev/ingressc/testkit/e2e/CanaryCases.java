package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canaries (SEMANTICS.md, Canaries) through every target: header, then cookie, then weight, each
 * request compared with the oracle; and the weight's split measured over many requests.
 */
public final class CanaryCases {
  private static final String NS = "default";
  private static final String N = "nginx.ingress.kubernetes.io/";

  /** A header value made of nginx, HAProxy and regex syntax. */
  static final String ODD = "a\"b; c{d}$e\\x' -i .*";

  private CanaryCases() {}

  private static String canary(String name, String created, String annotations, String host, String svc,
      FlowRule path) {
    return ingress(NS, name, "  creationTimestamp: '" + created + "'\n  annotations: {" + N + "canary: 'true'"
        + annotations + "}\n", "", rule(host, path.rule(svc)));
  }

  private interface FlowRule {
    dev.ingressc.testkit.fixtures.FlowManifests.Path rule(String svc);
  }

  /** Header, cookie and weight, and a header value and a pattern, on four hosts. */
  public static E2eCase canaries() {
    List<Probe> p = new ArrayList<>();
    String a = "a.canary.example.com";
    p.add(Probe.httpWith(a, "/", Map.of("X-Canary", "always")));
    p.add(Probe.httpWith(a, "/x?q=1", Map.of("x-canary", "never")));
    p.add(Probe.httpWith(a, "/", Map.of("X-Canary", "never", "Cookie", "beta=always")));
    p.add(Probe.httpWith(a, "/", Map.of("X-Canary", "maybe", "Cookie", "a=1; beta=always")));
    p.add(Probe.httpWith(a, "/", Map.of("Cookie", "beta=always; b=2")));
    p.add(Probe.httpWith(a, "/", Map.of("Cookie", "beta=never")));
    p.add(Probe.httpWith(a, "/", Map.of("X-Canary", "ALWAYS")));
    p.add(Probe.httpWith(a, "/", Map.of("Cookie", "xbeta=always")));
    p.add(Probe.http(a, "/"));
    String b = "b.canary.example.com";
    p.add(Probe.httpWith(b, "/", Map.of("X-Region", "eu-west")));
    p.add(Probe.httpWith(b, "/", Map.of("X-Region", "eu-west-1")));
    p.add(Probe.httpWith(b, "/", Map.of("X-Region", "never")));
    p.add(Probe.httpWith(b, "/", Map.of("X-Region", "always")));
    p.add(Probe.http(b, "/"));
    String c = "c.canary.example.com";
    p.add(Probe.httpWith(c, "/", Map.of("X-Region", "eu-north-1")));
    p.add(Probe.httpWith(c, "/", Map.of("X-Region", "xeu-north")));
    p.add(Probe.httpWith(c, "/", Map.of("X-Region", "eu-south")));
    p.add(Probe.http(c, "/"));
    String d = "d.canary.example.com";
    p.add(Probe.httpWith(d, "/api", Map.of("X-Canary", "always")));
    p.add(Probe.httpWith(d, "/api/x", Map.of("X-Canary", "always")));
    p.add(Probe.httpWith(d, "/other", Map.of("X-Canary", "always")));
    p.add(Probe.http(d, "/api"));
    // A value full of config syntax matches exactly, on every target.
    String e = "e.canary.example.com";
    p.add(Probe.httpWith(e, "/", Map.of("X-Odd", ODD)));
    p.add(Probe.httpWith(e, "/", Map.of("X-Odd", ODD + " ")));
    p.add(Probe.httpWith(e, "/", Map.of("X-Odd", "a")));
    return E2eCase.of("canaries", ctx -> ctx.service(NS, "shop", 80) + ctx.service(NS, "shop-beta", 80)
        + ingress(NS, "shop", "  creationTimestamp: '2024-01-01T00:00:00Z'\n", "",
            rule(a, prefix("/", "shop", 80)), rule(b, prefix("/", "shop", 80)), rule(c, prefix("/", "shop", 80)),
            rule(d, prefix("/", "shop", 80), exact("/api", "shop", 80)), rule(e, prefix("/", "shop", 80)))
        // Older than the main Ingress: as an ordinary Ingress it would win the conflict.
        + canary("shop-a", "2020-01-01T00:00:00Z", ", " + N + "canary-by-header: X-Canary, " + N
            + "canary-by-cookie: beta, " + N + "canary-weight: '30'", a, "shop-beta", s -> prefix("/", s, 80))
        + canary("shop-b", "2024-02-01T00:00:00Z", ", " + N + "canary-by-header: X-Region, " + N
            + "canary-by-header-value: eu-west", b, "shop-beta", s -> prefix("/", s, 80))
        + canary("shop-c", "2024-02-01T00:00:00Z", ", " + N + "canary-by-header: X-Region, " + N
            + "canary-by-header-pattern: '^eu-(west|north)', " + N + "canary-weight: '0'", c, "shop-beta",
            s -> prefix("/", s, 80))
        + canary("shop-d", "2024-02-01T00:00:00Z", ", " + N + "canary-by-header: X-Canary", d, "shop-beta",
            s -> exact("/api", s, 80))
        + canary("shop-e", "2024-02-01T00:00:00Z", ", " + N + "canary-by-header: X-Odd, " + N
            + "canary-by-header-value: '" + ODD.replace("'", "''") + "'", e, "shop-beta", s -> prefix("/", s, 80)), p);
  }

  /** The canary's share over {@code requests} requests, for a canary of weight {@code weight} of {@code total}. */
  public record Split(int canary, int main, int other, String proxyOutput) {
    public double share() {
      return (double) canary / (canary + main + other);
    }
  }

  public static Split measure(Emitter emitter, ProxyLauncher launcher, int weight, int total, int requests) {
    String host = "split.example.com";
    try (EchoBackends backends = new EchoBackends()) {
      CaseContext ctx = new CaseContext(backends);
      String yaml = ctx.service(NS, "shop", 80) + ctx.service(NS, "shop-beta", 80)
          + ingress(NS, "shop", "  creationTimestamp: '2024-01-01T00:00:00Z'\n", "", rule(host, prefix("/", "shop", 80)))
          + canary("shop-split", "2024-02-01T00:00:00Z", ", " + N + "canary-weight: '" + weight + "', " + N
              + "canary-weight-total: '" + total + "'", host, "shop-beta", s -> prefix("/", s, 80));
      try (Deployment dep = Deployment.of("canary-split", yaml, CompileOptions.defaults(), emitter, launcher)) {
        if (!dep.running()) {
          throw new AssertionError("config check failed: " + dep.check().output());
        }
        int canary = 0;
        int main = 0;
        int other = 0;
        for (int i = 0; i < requests; i++) {
          HttpResult got = HttpProbe.get(dep.address(), dep.httpPort(), host, "/r" + i);
          String upstream = got.status() == 200 ? got.echo().path("upstream").asText() : "";
          if (upstream.equals(NS + "/shop-beta:80")) {
            canary++;
          } else if (upstream.equals(NS + "/shop:80")) {
            main++;
          } else {
            other++;
          }
        }
        return new Split(canary, main, other, dep.proxyOutput());
      }
    }
  }
}
