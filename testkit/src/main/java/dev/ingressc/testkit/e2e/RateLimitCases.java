package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rate limits (SEMANTICS.md, Rate limits) in the shared list: requests well under the burst, to a
 * limited route with a header canary, a per-minute one, and a route to a Service without ready
 * endpoints, each answered as the oracle says (the limit itself is measured by
 * {@link RateLimitContract}, since one request cannot show it).
 */
public final class RateLimitCases {
  private static final String NS = "default";

  private RateLimitCases() {}

  public static E2eCase rateLimits() {
    List<Probe> p = new ArrayList<>();
    for (String client : List.of("127.0.0.1", "127.0.0.2")) {
      p.add(Probe.httpFrom(client, "limited.example.com", "/", Map.of()));
      p.add(Probe.httpFrom(client, "limited.example.com", "/gone", Map.of()));
      p.add(Probe.httpFrom(client, "limited.example.com", "/canaried", Map.of("X-Canary", "always")));
      p.add(Probe.httpFrom(client, "limited.example.com", "/canaried", Map.of("X-Canary", "never")));
      p.add(Probe.httpFrom(client, "minute.example.com", "/", Map.of()));
    }
    return E2eCase.of("rate-limits", ctx -> ctx.service(NS, "app", 80) + ctx.service(NS, "next", 80)
        + ctx.serviceWithoutReadyEndpoints(NS, "gone", 80)
        + ingress(NS, "limited", NginxAnnotations.created("2024-01-01T00:00:00Z", "limit-rps", "10"), "",
            rule("limited.example.com", prefix("/", "app", 80), prefix("/gone", "gone", 80),
                prefix("/canaried", "app", 80)))
        + ingress(NS, "limited-canary", NginxAnnotations.created("2024-01-02T00:00:00Z", "canary", "true",
            "canary-by-header", "X-Canary"), "", rule("limited.example.com", prefix("/canaried", "next", 80)))
        + ingress(NS, "minute", NginxAnnotations.created("2024-01-03T00:00:00Z", "limit-rpm", "30",
            "limit-burst-multiplier", "1"), "", rule("minute.example.com", prefix("/", "app", 80))),
        p);
  }
}
