package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ingressc route} explains a rewrite (SEMANTICS.md, Rewrites) from golden/rewrite's input. */
class RouteRewriteCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("rewrite/input").toString();

  @Test
  void routeShowsTheCapturesAndThePathTheBackendReceives() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/API/users/7?page=%202");
    assertThat(r.out()).contains("$1=\"/\", $2=\"users/7\"")
        .contains("X-Forwarded-Prefix: \"/api\"")
        .contains("Result: 200 apps/api:80").contains("which receives /users/7?page=%202");
    CliRunner json = CliRunner.run("route", "-f", INPUT, "--host", "v.example.com", "--path", "/v2/orders",
        "--output", "json");
    assertThat(json.out()).containsPattern("\"backendTarget\" ?: ?\"/internal/orders/v2/\\(items\\)\"");
  }

  @Test
  void routeRefusesATargetNotEveryProxyRewritesAlike() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/api//users");
    assertThat(r.out()).contains("the route rewrites the path").contains("Result: 400");
  }
}
