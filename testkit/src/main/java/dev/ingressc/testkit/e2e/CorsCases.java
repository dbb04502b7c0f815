package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.ir.Cors;
import dev.ingressc.ir.Route;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ingress-nginx's CORS (SEMANTICS.md, CORS): an origin list with a one-label wildcard, settings of
 * its own and a canary; the default policy (any origin); a policy behind source ranges; a route
 * without endpoints; and a route without CORS on the same host, whose backend's own CORS headers
 * pass. Every probe asks the echo backend for CORS headers of its own, which a CORS route must
 * never pass on. Preflights (OPTIONS) and GETs, with and without an Origin.
 */
public final class CorsCases {
  private static final String NS = "default";
  private static final List<String> ORIGINS = List.of("", "https://app.example.com", "HTTPS://APP.example.com",
      "https://x.example.org", "https://a.b.example.org", "https://evil.test", "https://app.example.com.evil.test");

  private CorsCases() {}

  public static E2eCase cors() {
    List<Probe> p = new ArrayList<>();
    for (String method : List.of("GET", "OPTIONS")) {
      for (String origin : ORIGINS) {
        for (String path : List.of("/api", "/gone", "/plain")) {
          p.add(Probe.request(method, "list.example.com", path, fields(origin, Map.of())));
        }
        for (String side : List.of("always", "never")) {
          p.add(Probe.request(method, "list.example.com", "/canaried", fields(origin, Map.of("X-Canary", side))));
        }
      }
      for (String origin : List.of("", "https://anyone.test")) {
        p.add(Probe.request(method, "any.example.com", "/", fields(origin, Map.of())));
        for (String client : List.of("127.0.0.1", "127.0.0.2")) {
          p.add(Probe.request(method, "guarded.example.com", "/", fields(origin, Map.of())).from(client));
        }
      }
    }
    return E2eCase.of("cors", ctx -> ctx.service(NS, "app", 80) + ctx.service(NS, "next", 80)
        + ctx.serviceWithoutReadyEndpoints(NS, "gone", 80)
        + ingress(NS, "list", NginxAnnotations.created("2024-01-01T00:00:00Z", "enable-cors", "true",
                "cors-allow-origin", "https://app.example.com, https://*.example.org", "cors-allow-methods", "GET, POST",
                "cors-expose-headers", "X-Total", "cors-allow-credentials", "false", "cors-max-age", "600"), "",
            rule("list.example.com", prefix("/api", "app", 80), prefix("/gone", "gone", 80),
                prefix("/canaried", "app", 80)))
        + ingress(NS, "list-canary", NginxAnnotations.created("2024-01-02T00:00:00Z", "canary", "true",
            "canary-by-header", "X-Canary"), "", rule("list.example.com", prefix("/canaried", "next", 80)))
        + ingress(NS, "plain", "  creationTimestamp: '2024-01-03T00:00:00Z'\n", "",
            rule("list.example.com", prefix("/plain", "app", 80)))
        + ingress(NS, "any", NginxAnnotations.created("2024-01-04T00:00:00Z", "enable-cors", "true"), "",
            rule("any.example.com", prefix("/", "app", 80)))
        + ingress(NS, "guarded", NginxAnnotations.created("2024-01-05T00:00:00Z", "enable-cors", "true",
            "allowlist-source-range", "127.0.0.2"), "", rule("guarded.example.com", prefix("/", "app", 80))),
        p);
  }

  private static Map<String, String> fields(String origin, Map<String, String> more) {
    Map<String, String> f = new HashMap<>(more);
    f.put(EchoBackends.CORS_FIELD, "1");
    if (!origin.isEmpty()) {
      f.put("Origin", origin);
    }
    return f;
  }

  /**
   * Why the answer's CORS headers differ from the oracle's, or null: each name once with the
   * oracle's value, or absent; the backend's own (asked for with {@link EchoBackends#CORS_FIELD})
   * only through a route without a policy; a preflight's 204 without Content-Length or Content-Type.
   */
  static String headerProblem(Probe p, RouteAnswer want, HttpResult got) {
    Map<String, String> expected = new HashMap<>(want.responseHeaders());
    boolean backendsOwn = want.status() == 200 && want.route().flatMap(Route::cors).isEmpty()
        && p.fields().containsKey(EchoBackends.CORS_FIELD);
    if (backendsOwn) {
      for (String line : EchoBackends.OWN_CORS.split("\r\n")) {
        expected.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
      }
    }
    if (want.status() == RouteAnswer.NO_CONTENT && (got.header("content-length").isPresent()
        || got.header("content-type").isPresent())) {
      return "the preflight's 204 carries Content-Length or Content-Type: " + got.headers();
    }
    for (String name : Cors.HEADER_NAMES) {
      List<String> values = got.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      List<String> want1 = expected.containsKey(name) ? List.of(expected.get(name)) : List.of();
      if (!values.equals(want1)) {
        return name + " " + values + ", the oracle says " + want1;
      }
    }
    return null;
  }
}
