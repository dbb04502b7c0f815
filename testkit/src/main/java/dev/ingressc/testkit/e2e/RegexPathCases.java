package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.implementationSpecific;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * Regex paths (SEMANTICS.md, "Regex paths"): use-regex on one Ingress turns every path of its host
 * into a case-insensitive regex anchored at the start, another Ingress's Prefix and Exact paths
 * included; ingress-nginx's order (longest first); classes that meet escapes, kept escapes and
 * slash runs; a host beside it that stays literal.
 */
public final class RegexPathCases {
  private static final String NS = "default";
  private static final String USE_REGEX = "  annotations: {nginx.ingress.kubernetes.io/use-regex: \"true\"}\n";

  private RegexPathCases() {}

  static E2eCase regexPaths() {
    List<Probe> probes = new ArrayList<>();
    for (String t : List.of("/api/v1/users", "/API/V22/Users/x", "/api/v/users", "/api/x", "/api", "/apix",
        "/static/css/site.css", "/static/js/a_b-c.js", "/static/css/site.cssx", "/static/CSS/SITE.CSS",
        "/static/img/a.css", "/plain", "/plainly", "/PLAIN/y", "/exact", "/exact/more", "/v1.0", "/v1x0", "/other",
        "/", "/items/42", "/items/42/", "/items/4x", "/items/%34%32", "/%61pi/v1/users", "/api/v1/%75sers",
        "/items/42?x=1", "/api/v1/users?q=/other", "/files/a%20b", "/files/ab", "/files/a%C3%A9", "/files/",
        "//api//v1//users", "/items//42", "/deep/a/b/c", "/deep/a/%62/c")) {
      probes.add(Probe.http("r.example.com", t));
    }
    for (String t : List.of("/plain", "/plainly", "/PLAIN", "/api/v1/users")) {
      probes.add(Probe.http("lit.example.com", t));
    }
    return E2eCase.of("regex-paths", ctx -> ctx.service(NS, "fallback", 80) + ctx.service(NS, "a", 80)
        + ctx.service(NS, "b", 80) + ctx.service(NS, "c", 80) + ctx.service(NS, "d", 80)
        + ingress(NS, "regex", "  creationTimestamp: '2024-01-01T00:00:00Z'\n" + USE_REGEX,
            "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n",
            rule("r.example.com",
                implementationSpecific("/api/v[0-9]+/users", "a", 80),
                implementationSpecific("/api(/|$)(.*)", "b", 80),
                implementationSpecific("/static/(css|js)/[a-z_-]+\\.(css|js)$", "c", 80),
                implementationSpecific("/items/\\d+$", "d", 80),
                implementationSpecific("/files/[^/]+$", "a", 80),
                implementationSpecific("/deep/.+/c", "c", 80)))
        + ingress(NS, "plain", "  creationTimestamp: '2024-02-01T00:00:00Z'\n", "",
            rule("r.example.com", prefix("/plain", "c", 80), exact("/exact", "d", 80), prefix("/v1.0", "b", 80)),
            rule("lit.example.com", prefix("/plain", "c", 80))),
        probes);
  }
}
