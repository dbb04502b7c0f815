package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.ir.Affinity;
import dev.ingressc.ir.Upstream;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.http.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Session affinity (SEMANTICS.md, Session affinity) in the shared list: new clients (no cookie) to
 * a sticky Service of three endpoints are spread over all three, on every route to it (an Ingress
 * without affinity, and one asking for other settings, whose are not applied, too), over plain HTTP
 * and TLS; a cookie naming no endpoint is balanced as usual. Each answer's Set-Cookie is checked
 * against the IR's attributes ({@link #cookieProblem}). That a client with the cookie stays is
 * {@link AffinityContract}'s, since a probe here cannot send back what an answer set.
 */
public final class AffinityCases {
  private static final String NS = "default";
  static final String STICKY = "sticky.example.com";
  static final String SECURE = "secure.example.com";

  private AffinityCases() {}

  public static E2eCase affinity() {
    List<Probe> p = new ArrayList<>();
    p.add(Probe.spread(STICKY, "/", 30, Probe.Spread.ALL));
    p.add(Probe.spread(STICKY, "/app/x", 30, Probe.Spread.ALL));
    p.add(Probe.spread("plain.example.com", "/", 30, Probe.Spread.ALL));
    p.add(Probe.spread("other.example.com", "/", 30, Probe.Spread.ALL));
    p.add(Probe.httpWith(STICKY, "/", Map.of("Cookie", "a=1; session=0000000000000000")));
    p.add(Probe.https(SECURE, SECURE, "/"));
    p.add(Probe.https(SECURE, SECURE, "/x"));
    return E2eCase.of("affinity", ctx -> ctx.service(NS, "sticky", 80, "http", 3)
        + ctx.tlsSecret(NS, "secure-cert", SECURE)
        + ingress(NS, "sticky", NginxAnnotations.created("2024-01-01T00:00:00Z", "affinity", "cookie",
            "session-cookie-name", "session", "session-cookie-max-age", "3600", "session-cookie-samesite", "Lax"), "",
            rule(STICKY, prefix("/", "sticky", 80), prefix("/app", "sticky", 80)))
        + ingress(NS, "plain", NginxAnnotations.created("2024-01-02T00:00:00Z"), "",
            rule("plain.example.com", prefix("/", "sticky", 80)))
        + ingress(NS, "other", NginxAnnotations.created("2024-01-03T00:00:00Z", "affinity", "cookie",
            "session-cookie-name", "other"), "", rule("other.example.com", prefix("/", "sticky", 80)))
        + ingress(NS, "secure", NginxAnnotations.created("2024-01-04T00:00:00Z"),
            "  tls: [{hosts: [" + SECURE + "], secretName: secure-cert}]\n", rule(SECURE, prefix("/", "sticky", 80))),
        p);
  }

  /**
   * What is wrong with the Set-Cookie of the affinity cookie on an answer, or null: a 200 of an
   * upstream with affinity to a request without that cookie carries exactly one, whose attributes
   * after its value are {@link Affinity#attributes} for the route and scheme; when the target does
   * not serve affinity ({@code served} false: nginx's native format, which warns), none.
   */
  static String cookieProblem(Probe p, RouteAnswer want, HttpResult got, boolean served) {
    Optional<Affinity> affinity = want.upstream().flatMap(Upstream::affinity);
    if (want.status() != 200 || affinity.isEmpty()) {
      return null;
    }
    Affinity a = affinity.get();
    String name = a.cookieName();
    List<String> fields = got.headers().getOrDefault("set-cookie", List.of()).stream()
        .filter(f -> f.startsWith(name + "=")).toList();
    if (!served) {
      return fields.isEmpty() ? null : "Set-Cookie " + fields + ", though the target does not serve affinity";
    }
    String sent = p.fields().getOrDefault("Cookie", "");
    if (sent.contains(name + "=")) {
      return null; // whether the value names an endpoint is each target's own
    }
    if (fields.size() != 1) {
      return "Set-Cookie of " + name + ": " + fields + ", one expected";
    }
    String rest = fields.get(0).substring(name.length() + 1);
    int end = rest.indexOf(';');
    String value = end < 0 ? rest : rest.substring(0, end);
    String attributes = end < 0 ? "" : rest.substring(end);
    String expected = a.attributes(a.cookiePath(want.route().orElse(null)), p.https());
    if (value.isEmpty() || !attributes.equals(expected)) {
      return "Set-Cookie " + fields.get(0) + ", the IR says " + name + "=<endpoint>" + expected;
    }
    return null;
  }
}
