package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.ir.Route;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.http.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * ingress-nginx's basic auth (SEMANTICS.md, Basic auth): users of an auth-file and an auth-map
 * Secret in {SHA} (every target checks it), crypt(3) $6$, $5$, $1$ and bcrypt (Envoy cannot: its
 * routes answer 503 there) and $apr1$ (only nginx can), a missing Secret (503 everywhere), CORS on
 * the 401, a canary side and an open path on a guarded host. The hashes below were made with
 * htpasswd and openssl passwd from the passwords next to them: inputs, not expected outputs.
 */
public final class BasicAuthCases {
  private static final String NS = "default";
  /** user, password, htpasswd line. */
  private static final String[][] SHA = {
      {"alice", "wonderland", "alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ="},
      {"bob", "builder", "bob:{SHA}9SMYoF5RilWWASry7TjeaKwmpGg="}};
  private static final String[][] CRYPT = {
      {"dave", "pw6", "dave:$6$Salt6789$phfeykHva9wFstYS5W3dIduPwJqvG6M62Z110KCBLdn9FEj3XKP.iQ9T4W3hvWA99Aw3c0JtoLvKL65Q9PI1C0"},
      {"erin", "bcrypt-pw", "erin:$2y$05$hW5Lgpe6/9Hori85qiHl.ey6XVro5FOdewmtkfOvHxF/qpLdbrtxG"},
      {"gina", "pw5", "gina:$5$Salt5678$q8emBpSPjauAAKNVRe2ZSplGlHXMBJpvHhrMDoGR1HB"},
      {"hank", "pw1", "hank:$1$Salt1111$4D6G8wlD2s3gqRbMcNxrM."}};
  private static final String[][] APR1 = {{"frank", "apache", "frank:$apr1$Salt1234$HFKA.do29aqSdM8DDIgfv0"}};
  private static final String CAROL_SHA = "{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=";
  private static final String ORIGIN = "https://app.example.com";

  private BasicAuthCases() {}

  public static E2eCase basicAuth() {
    List<Probe> p = new ArrayList<>();
    for (String host : List.of("staff.example.com", "map.example.com", "crypt.example.com", "apr1.example.com",
        "missing.example.com")) {
      p.add(Probe.httpWith(host, "/", Map.of()));
      for (String[][] users : List.of(SHA, CRYPT, APR1)) {
        for (String[] u : users) {
          p.add(Probe.httpWith(host, "/x?y=1", Map.of("Authorization", basic(u[0], u[1]))));
          p.add(Probe.httpWith(host, "/", Map.of("Authorization", basic(u[0], u[1] + "!"))));
        }
      }
      p.add(Probe.httpWith(host, "/", Map.of("Authorization", basic("carol", "s3cret"))));
      p.add(Probe.httpWith(host, "/", Map.of("Authorization", basic("nobody", "wonderland"))));
      p.add(Probe.httpWith(host, "/", Map.of("Authorization", "Basic !!notbase64")));
      p.add(Probe.httpWith(host, "/", Map.of("Authorization", "Bearer abc")));
    }
    p.add(Probe.httpWith("staff.example.com", "/public", Map.of()));
    p.add(Probe.httpWith("staff.example.com", "/canaried", Map.of("X-Canary", "always")));
    p.add(Probe.httpWith("staff.example.com", "/canaried", Map.of("X-Canary", "always",
        "Authorization", basic("bob", "builder"))));
    p.add(Probe.httpWith("map.example.com", "/", Map.of("Origin", ORIGIN)));
    p.add(Probe.httpWith("map.example.com", "/", Map.of("Origin", ORIGIN, "Authorization", basic("carol", "s3cret"))));
    p.add(Probe.request("OPTIONS", "map.example.com", "/", Map.of("Origin", ORIGIN)));
    p.add(Probe.httpWith("empty.example.com", "/", Map.of("Authorization", basic("alice", "wonderland"))));
    return E2eCase.of("basic-auth", ctx -> ctx.service(NS, "app", 80) + ctx.service(NS, "next", 80)
        + ctx.serviceWithoutReadyEndpoints(NS, "empty", 80)
        + authFile("sha-users", SHA) + authFile("crypt-users", CRYPT) + authFile("apr1-users", APR1)
        + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: map-users, namespace: default}
            stringData: {carol: '%s', alice: '%s'}
            """.formatted(CAROL_SHA, SHA[0][2].substring("alice:".length()))
        + ingress(NS, "staff", NginxAnnotations.created("2024-01-01T00:00:00Z", "auth-type", "basic", "auth-secret",
            "sha-users", "auth-realm", "Staff only - 'ingressc' <test>"), "",
            rule("staff.example.com", prefix("/", "app", 80), prefix("/canaried", "app", 80)))
        + ingress(NS, "staff-canary", NginxAnnotations.created("2024-01-02T00:00:00Z", "canary", "true",
            "canary-by-header", "X-Canary"), "", rule("staff.example.com", prefix("/canaried", "next", 80)))
        + ingress(NS, "public", "  creationTimestamp: '2024-01-03T00:00:00Z'\n", "",
            rule("staff.example.com", prefix("/public", "app", 80)))
        + ingress(NS, "map", NginxAnnotations.created("2024-01-04T00:00:00Z", "auth-type", "basic", "auth-secret",
            "default/map-users", "auth-secret-type", "auth-map", "enable-cors", "true", "cors-allow-origin", ORIGIN), "",
            rule("map.example.com", prefix("/", "app", 80)))
        + ingress(NS, "crypt", NginxAnnotations.created("2024-01-05T00:00:00Z", "auth-type", "basic", "auth-secret",
            "crypt-users", "auth-realm", "crypt"), "", rule("crypt.example.com", prefix("/", "app", 80)))
        + ingress(NS, "apr1", NginxAnnotations.created("2024-01-06T00:00:00Z", "auth-type", "basic", "auth-secret",
            "apr1-users"), "", rule("apr1.example.com", prefix("/", "app", 80)))
        + ingress(NS, "missing", NginxAnnotations.created("2024-01-07T00:00:00Z", "auth-type", "basic", "auth-secret",
            "no-such-secret"), "", rule("missing.example.com", prefix("/", "app", 80)))
        + ingress(NS, "empty", NginxAnnotations.created("2024-01-08T00:00:00Z", "auth-type", "basic", "auth-secret",
            "sha-users"), "", rule("empty.example.com", prefix("/", "empty", 80))),
        p);
  }

  /** An auth-file Secret: htpasswd lines under the key auth, with a comment and a blank line. */
  private static String authFile(String name, String[][] users) {
    StringBuilder file = new StringBuilder("# users\n");
    for (String[] u : users) {
      file.append(u[2]).append("\n\n");
    }
    return """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: default}
        data: {auth: %s}
        """.formatted(name, Base64.getEncoder().encodeToString(file.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Why the answer's WWW-Authenticate differs from the oracle's, or null: a basic auth 401 carries
   * the realm's challenge once; any other answer of a route with basic auth none.
   */
  static String headerProblem(RouteAnswer want, HttpResult got) {
    if (want.route().flatMap(Route::basicAuth).isEmpty()) {
      return null;
    }
    List<String> challenge = got.headers().getOrDefault("www-authenticate", List.of());
    List<String> expected = want.decidedBy() == RouteAnswer.Step.BASIC_AUTH && want.status() == 401
        ? List.of(want.responseHeaders().get("WWW-Authenticate")) : List.of();
    return challenge.equals(expected) ? null : "WWW-Authenticate " + challenge + ", the oracle says " + expected;
  }
}
