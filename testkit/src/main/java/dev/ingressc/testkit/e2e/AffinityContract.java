package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.http.HttpProbe;
import dev.ingressc.testkit.http.HttpResult;
import dev.ingressc.testkit.proxy.Deployment;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Session affinity (SEMANTICS.md, Session affinity) through a real proxy, on a Service of three
 * endpoints: the first answer sets the cookie with the attributes every target sends; 100 requests
 * carrying it all reach the endpoint that set it, get no new cookie, and the backend sees the
 * cookie; new clients (no cookie) are spread over more than one endpoint, each answer setting the
 * cookie of its endpoint; a cookie naming no endpoint is balanced and replaced. A target's test
 * extends this with {@code @RealProxy}.
 */
public abstract class AffinityContract {
  private static final String NS = "default";
  private static final String HOST = "sticky.example.com";
  private static final String ATTRIBUTES = "; Max-Age=600; Path=/app; SameSite=Strict; HttpOnly";

  /** The emitter under test. */
  protected abstract Emitter emitter();

  @Test
  void aClientWithTheCookieStaysOnOneEndpointAndNewClientsAreSpread(ProxyLauncher proxy) {
    try (EchoBackends backends = new EchoBackends(); CaseContext ctx = new CaseContext(backends)) {
      String yaml = ctx.service(NS, "web", 80, "http", 3)
          + ingress(NS, "sticky", NginxAnnotations.created("2024-01-01T00:00:00Z", "affinity", "cookie",
              "session-cookie-name", "route", "session-cookie-expires", "600", "session-cookie-samesite", "strict"),
              "", rule(HOST, prefix("/app", "web", 80)));
      try (Deployment d = Deployment.of("affinity", yaml, CompileOptions.defaults(), emitter(), proxy)) {
        assertThat(d.running()).as("config check: %s", d.check().output()).isTrue();
        HttpResult first = get(d, List.of());
        String cookie = cookieOf(first, d);
        String endpoint = first.echo().path("endpoint").asText();
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < 100; i++) {
          HttpResult again = get(d, List.of("Cookie: theme=dark; " + cookie));
          assertThat(again.status()).isEqualTo(200);
          seen.add(again.echo().path("endpoint").asText());
          assertThat(again.headers().getOrDefault("set-cookie", List.of())).as("request %d", i)
              .noneMatch(f -> f.startsWith("route="));
          assertThat(again.echo().path("headers").path("cookie").asText()).isEqualTo("theme=dark; " + cookie);
        }
        assertThat(seen).as("endpoints that answered the cookie %s", cookie).containsExactly(endpoint);

        TreeSet<String> spread = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
          HttpResult fresh = get(d, List.of());
          cookieOf(fresh, d);
          spread.add(fresh.echo().path("endpoint").asText());
        }
        assertThat(spread).as("endpoints new clients reached").hasSizeGreaterThan(1);

        HttpResult stale = get(d, List.of("Cookie: route=0123456789abcdef"));
        assertThat(stale.status()).isEqualTo(200);
        cookieOf(stale, d);
      }
    }
  }

  private static HttpResult get(Deployment d, List<String> fields) {
    return HttpProbe.getWith(d.address(), d.httpPort(), HOST, "/app/x", fields, Optional.empty());
  }

  /** The {@code route=VALUE} of the answer's one Set-Cookie of the cookie, whose attributes are every target's. */
  private static String cookieOf(HttpResult r, Deployment d) {
    assertThat(r.status()).as("proxy: %s", d.proxyOutput()).isEqualTo(200);
    List<String> fields = r.headers().getOrDefault("set-cookie", List.of()).stream()
        .filter(f -> f.startsWith("route=")).toList();
    assertThat(fields).as("Set-Cookie fields %s", r.headers()).hasSize(1);
    String field = fields.get(0);
    assertThat(field.substring(field.indexOf(';'))).isEqualTo(ATTRIBUTES);
    assertThat(field.substring("route=".length(), field.indexOf(';'))).isNotEmpty();
    return field.substring(0, field.indexOf(';'));
  }
}
