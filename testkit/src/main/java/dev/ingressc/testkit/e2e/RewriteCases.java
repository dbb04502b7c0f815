package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.implementationSpecific;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ingress-nginx's rewrite-target and x-forwarded-prefix (SEMANTICS.md, Rewrites): the path the
 * backend receives (captures of the path's regex on the canonical path, literal text, a capture the
 * regex lacks left empty), the query kept as sent with its escapes, kept escapes that end a capture,
 * the 400 for targets no two proxies would rewrite alike, X-Forwarded-Prefix replacing the client's
 * own, a canary of a rewritten route (either side receives the rewritten path), a route of
 * the same host without a rewrite, which passes the target and the client's field unchanged, and
 * x-forwarded-prefix alone on a host without regexes (Prefix and Exact paths, and a canary of one).
 */
public final class RewriteCases {
  private static final String NS = "default";

  private RewriteCases() {}

  public static E2eCase rewrites() {
    String h = "rw.example.com";
    String v = "ver.example.com";
    List<Probe> p = new ArrayList<>();
    for (String t : List.of("/api", "/api/", "/api/users", "/API/Users/42", "/api/users?x=1&y=%20z&q=%2F%C3%A9",
        "/api/a%20b/c", "/api/caf%C3%A9", "/api/a;b", "/api/x+y,z=(1)!*~.@:&_-", "/apix", "/api/%61bc",
        "/api/%7euser", "//api/x", "/api//x", "/api/x?", "/api/x??y", "/other/y?z=%41", "/other//y",
        "/other/%61", "/", "/nothing")) {
      p.add(Probe.http(h, t));
    }
    p.add(Probe.httpWith(h, "/api/users", Map.of("X-Forwarded-Prefix", "/client")));
    p.add(Probe.httpWith(h, "/other/z", Map.of("X-Forwarded-Prefix", "/client")));
    for (String t : List.of("/v2/users/ab12", "/V10/Items/x9?page=2", "/v2/users/", "/v2/others/ab", "/v/users/a",
        "/static/a.css", "/STATIC/b/c.js", "/static/%2e")) {
      p.add(Probe.http(v, t));
    }
    // The canary of the rewritten route: either side receives the rewritten path; the 400 comes first.
    for (String t : List.of("/v3/items/q?x=%C3%A9", "/v3/items/%71", "/static/x")) {
      p.add(Probe.httpWith(v, t, Map.of("X-Canary", "always")));
    }
    // x-forwarded-prefix alone, on Prefix and Exact paths of a host without regexes.
    String px = "px.example.com";
    for (String t : List.of("/app", "/app/x?y=%20", "/APP/x", "/exact", "/exact/x", "/plain/z", "/")) {
      p.add(Probe.http(px, t));
      p.add(Probe.httpWith(px, t, Map.of("X-Forwarded-Prefix", "/client")));
    }
    p.add(Probe.httpWith(px, "/app/y", Map.of("X-Canary", "always")));
    return E2eCase.of("rewrites", ctx -> ctx.service(NS, "fallback", 80) + ctx.service(NS, "api", 80)
        + ctx.service(NS, "other", 80) + ctx.service(NS, "ver", 80) + ctx.service(NS, "ver-next", 80)
        + ingress(NS, "api", NginxAnnotations.created("2024-01-01T00:00:00Z", "rewrite-target", "/$2", "x-forwarded-prefix", "/api"),
            "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n",
            rule(h, implementationSpecific("/api(/|$)(.*)", "api", 80)))
        + ingress(NS, "other", "  creationTimestamp: '2024-02-01T00:00:00Z'\n", "",
            rule(h, prefix("/other", "other", 80)))
        + ingress(NS, "versions", NginxAnnotations.created("2024-03-01T00:00:00Z", "rewrite-target",
                "/$2/$3/v$1/x(y)*+,=:@!~._-&$9"), "",
            rule(v, implementationSpecific("/v(\\d+)/(users|items)/([a-z0-9]*)", "ver", 80),
                implementationSpecific("/static/(.+)", "ver", 80)))
        + ingress(NS, "versions-canary", NginxAnnotations.created("2024-03-02T00:00:00Z", "canary", "true", "canary-by-header",
            "X-Canary", "use-regex", "true"), "", rule(v, implementationSpecific("/v(\\d+)/(users|items)/([a-z0-9]*)", "ver-next", 80)))
        + ingress(NS, "prefixed", NginxAnnotations.created("2024-04-01T00:00:00Z", "x-forwarded-prefix", "/mounted/app"), "",
            rule(px, prefix("/app", "api", 80), exact("/exact", "other", 80)))
        + ingress(NS, "prefixed-canary", NginxAnnotations.created("2024-04-02T00:00:00Z", "canary", "true", "canary-by-header",
            "X-Canary"), "", rule(px, prefix("/app", "ver-next", 80)))
        + ingress(NS, "unprefixed", "  creationTimestamp: '2024-04-03T00:00:00Z'\n", "",
            rule(px, prefix("/plain", "other", 80))),
        p);
  }

  /**
   * What the backend's X-Forwarded-Prefix should be: the route's x-forwarded-prefix, else the
   * probe's own field, else none.
   */
  static java.util.Optional<String> forwardedPrefixProblem(Probe p, dev.ingressc.route.RouteAnswer want,
      com.fasterxml.jackson.databind.JsonNode headers) {
    java.util.Optional<String> expected = want.route().flatMap(dev.ingressc.ir.Route::rewrite)
        .flatMap(dev.ingressc.ir.Rewrite::forwardedPrefix)
        .or(() -> java.util.Optional.ofNullable(p.fields().get("X-Forwarded-Prefix")));
    com.fasterxml.jackson.databind.JsonNode got = headers.path("x-forwarded-prefix");
    java.util.Optional<String> actual = got.isMissingNode() || got.isNull() ? java.util.Optional.empty()
        : java.util.Optional.of(got.asText());
    return actual.equals(expected) ? java.util.Optional.empty()
        : java.util.Optional.of("X-Forwarded-Prefix " + actual.orElse("(none)") + " instead of " + expected.orElse("(none)"));
  }
}
