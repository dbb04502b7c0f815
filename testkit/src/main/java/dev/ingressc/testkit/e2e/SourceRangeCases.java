package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ingress-nginx's source ranges (SEMANTICS.md, Source ranges), with clients bound to different
 * loopback addresses: an allow list with a deny list inside it (deny first), a deny list alone,
 * the older whitelist name, an open route on a guarded host, a guarded route to a Service without
 * ready endpoints (403 for a client kept out, 503 for one let in), a header canary on a guarded
 * route (both sides guarded), and an IPv6 range that no IPv4 client is in.
 */
public final class SourceRangeCases {
  private static final String NS = "default";
  private static final List<String> CLIENTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.5");

  private SourceRangeCases() {}

  public static E2eCase sourceRanges() {
    List<Probe> p = new ArrayList<>();
    for (String client : CLIENTS) {
      for (String[] ht : new String[][] {{"guarded.example.com", "/app"}, {"guarded.example.com", "/open"},
          {"guarded.example.com", "/gone"}, {"deny.example.com", "/"}, {"old.example.com", "/"},
          {"v6.example.com", "/"}}) {
        p.add(Probe.httpFrom(client, ht[0], ht[1], Map.of()));
      }
      for (String side : List.of("always", "never")) {
        p.add(Probe.httpFrom(client, "guarded.example.com", "/canaried", Map.of("X-Canary", side)));
      }
    }
    return E2eCase.of("source-ranges", ctx -> ctx.service(NS, "app", 80) + ctx.service(NS, "open", 80)
        + ctx.service(NS, "next", 80) + ctx.serviceWithoutReadyEndpoints(NS, "gone", 80)
        // 127.0.0.2 and 127.0.0.3 are allowed, but .3 is denied first; .1 and .5 are in no allowed range.
        + ingress(NS, "guarded", NginxAnnotations.created("2024-01-01T00:00:00Z", "allowlist-source-range",
                "127.0.0.2/32, 127.0.0.3, 10.0.0.0/8", "denylist-source-range", "127.0.0.3"), "",
            rule("guarded.example.com", prefix("/app", "app", 80), prefix("/gone", "gone", 80),
                prefix("/canaried", "app", 80)))
        + ingress(NS, "guarded-canary", NginxAnnotations.created("2024-01-02T00:00:00Z", "canary", "true", "canary-by-header",
            "X-Canary"), "", rule("guarded.example.com", prefix("/canaried", "next", 80)))
        + ingress(NS, "open", "  creationTimestamp: '2024-01-03T00:00:00Z'\n", "",
            rule("guarded.example.com", prefix("/open", "open", 80)))
        // 127.0.0.0-127.0.0.3 kept out; .5 let in.
        + ingress(NS, "deny", NginxAnnotations.created("2024-01-04T00:00:00Z", "denylist-source-range", "127.0.0.0/30, ::1"), "",
            rule("deny.example.com", prefix("/", "app", 80)))
        + ingress(NS, "old", NginxAnnotations.created("2024-01-05T00:00:00Z", "whitelist-source-range", "127.0.0.5"), "",
            rule("old.example.com", prefix("/", "app", 80)))
        + ingress(NS, "v6", NginxAnnotations.created("2024-01-06T00:00:00Z", "allowlist-source-range", "::/0"), "",
            rule("v6.example.com", prefix("/", "app", 80))),
        p);
  }
}
