package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.ir.ExternalAuth;
import dev.ingressc.ir.Route;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.http.AuthService;
import dev.ingressc.testkit.http.HttpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ingress-nginx's external auth (SEMANTICS.md, External auth) against a real auth service
 * ({@link AuthService}, which also checks each auth request it gets): a dashboard with a copied
 * field and a sign-in page (the request's URL appended as rd=, escapes and all), an API without
 * sign-in behind CORS, a canary side, a service that is down, and an open path on the same host.
 * Every probe sends its own X-User, which a guarded backend must never receive.
 */
public final class AuthCases {
  private static final String NS = "default";
  private static final List<String> MODES = List.of("allow", "allow-anonymous", "", "forbid", "redirect", "fail");
  private static final List<String> TARGETS = List.of("/", "/app/x?a=1&b=%20c", "/app/%7Euser/!*'()?q=a%2Fb");

  private AuthCases() {}

  public static E2eCase externalAuth() {
    List<Probe> p = new ArrayList<>();
    for (String mode : MODES) {
      for (String target : TARGETS) {
        p.add(Probe.request("GET", "dash.example.com", target, fields(mode, Map.of())));
      }
      p.add(Probe.request("POST", "dash.example.com", "/app", fields(mode, Map.of())));
      p.add(Probe.request("GET", "dash.example.com", "/public", fields(mode, Map.of())));
      p.add(Probe.request("GET", "dash.example.com", "/canaried", fields(mode, Map.of("X-Canary", "always"))));
      p.add(Probe.request("GET", "api.example.com", "/v1", fields(mode, Map.of())));
      p.add(Probe.request("GET", "api.example.com", "/v1", fields(mode, Map.of("Origin", "https://app.example.com"))));
      p.add(Probe.request("OPTIONS", "api.example.com", "/v1", fields(mode, Map.of("Origin", "https://app.example.com"))));
    }
    p.add(Probe.request("GET", "down.example.com", "/", fields("down", Map.of())));
    return E2eCase.of("external-auth", ctx -> ctx.service(NS, "app", 80) + ctx.service(NS, "next", 80)
        + ctx.service(NS, "api", 80)
        + ingress(NS, "dash", NginxAnnotations.created("2024-01-01T00:00:00Z", "auth-url", ctx.authUrl(),
            "auth-signin", "https://login.example.com/start", "auth-response-headers", "X-User"), "",
            rule("dash.example.com", prefix("/", "app", 80), prefix("/canaried", "app", 80)))
        + ingress(NS, "dash-canary", NginxAnnotations.created("2024-01-02T00:00:00Z", "canary", "true",
            "canary-by-header", "X-Canary"), "", rule("dash.example.com", prefix("/canaried", "next", 80)))
        + ingress(NS, "public", "  creationTimestamp: '2024-01-03T00:00:00Z'\n", "",
            rule("dash.example.com", prefix("/public", "app", 80)))
        + ingress(NS, "api", NginxAnnotations.created("2024-01-04T00:00:00Z", "auth-url", ctx.authUrl(),
            "enable-cors", "true", "cors-allow-origin", "https://app.example.com"), "",
            rule("api.example.com", prefix("/v1", "api", 80)))
        + ingress(NS, "down", NginxAnnotations.created("2024-01-05T00:00:00Z", "auth-url",
            "http://127.0.0.1:9/auth"), "", rule("down.example.com", prefix("/", "app", 80))),
        p);
  }

  private static Map<String, String> fields(String mode, Map<String, String> more) {
    Map<String, String> f = new java.util.HashMap<>(more);
    f.put(AuthService.USER_FIELD, "mallory");
    if (!mode.isEmpty()) {
      f.put(AuthService.MODE, mode);
    }
    return f;
  }

  /**
   * Why the answer's auth fields differ from SEMANTICS.md's, or null: on a guarded route, the
   * service's WWW-Authenticate on the client's 401 or sign-in 302; its Set-Cookie on a 2xx or 3xx
   * answer only; and a backend reached sees the copied X-User of a 2xx that has one, else none.
   */
  public static String headerProblem(Probe p, RouteAnswer want, HttpResult got) {
    Optional<ExternalAuth> auth = want.route().flatMap(Route::externalAuth);
    if (auth.isEmpty()) {
      return null;
    }
    int answer = AuthService.statusFor(p.fields());
    boolean asked = want.status() != RouteAnswer.NO_CONTENT && want.status() != 503;
    List<String> challenge = got.headers().getOrDefault("www-authenticate", List.of());
    List<String> wantChallenge = asked && answer == 401 ? List.of(AuthService.CHALLENGE) : List.of();
    if (!challenge.equals(wantChallenge)) {
      return "WWW-Authenticate " + challenge + ", expected " + wantChallenge;
    }
    List<String> cookies = got.headers().getOrDefault("set-cookie", List.of());
    boolean cookieSent = answer == 200 || answer == 401;
    List<String> wantCookies = asked && cookieSent && ExternalAuth.COOKIE_STATUSES.contains(want.status())
        ? List.of(AuthService.COOKIE) : List.of();
    if (!cookies.equals(wantCookies)) {
      return "Set-Cookie " + cookies + ", expected " + wantCookies;
    }
    if (want.status() == 200) {
      String user = got.echo().path("headers").path(AuthService.USER_FIELD.toLowerCase(java.util.Locale.ROOT))
          .asText(null);
      // A copied field is the answer's (none when it lacks one); any other passes as the client sent it.
      boolean copied = auth.get().responseHeaders().contains("x-user");
      String wantUser = !copied ? p.fields().get(AuthService.USER_FIELD) : answer == 200 ? AuthService.USER : null;
      if (!java.util.Objects.equals(user, wantUser)) {
        return "the backend saw X-User " + user + ", expected " + wantUser;
      }
    }
    return null;
  }
}
