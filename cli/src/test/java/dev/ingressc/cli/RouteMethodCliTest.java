package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ingressc route --method} and a CORS route's answer (SEMANTICS.md, CORS) on golden/cors. */
class RouteMethodCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("cors/input").toString();

  @Test
  void anAllowedPreflightGets204WithTheHeaders() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/v1/items",
        "--method", "OPTIONS", "--header", "Origin=https://shop.example.org");
    assertThat(r.out()).contains("Request: OPTIONS http://api.example.com/v1/items")
        .contains("OPTIONS from allowed Origin https://shop.example.org is a preflight the proxy answers")
        .contains("Result: 204 No Content").contains("  Access-Control-Allow-Origin: https://shop.example.org")
        .contains("  Access-Control-Max-Age: 600").doesNotContain("Access-Control-Allow-Credentials");
  }

  @Test
  void anAllowedGetCarriesTheHeadersInJson() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/v1",
        "--header", "Origin=https://app.example.com", "--output", "json");
    assertThat(r.out()).containsPattern("\"status\" ?: ?200")
        .containsPattern("\"Access-Control-Allow-Origin\" ?: ?\"https://app.example.com\"")
        .containsPattern("\"Access-Control-Expose-Headers\" ?: ?\"X-Total\"");
  }

  @Test
  void anotherOriginIsLeftToTheBackend() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/v1",
        "--method", "OPTIONS", "--header", "Origin=https://evil.test", "--output", "json");
    assertThat(r.out()).containsPattern("\"status\" ?: ?200").containsPattern("\"responseHeaders\" ?: ?\\{ ?\\}")
        .containsPattern("\"result\" ?: ?\"200 apps/api:80")
        .contains("Origin https://evil.test is not allowed");
  }

  @Test
  void aMethodThatIsNoTokenIsRefused() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/", "--method", "GE T");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--method: GE T is not a method name");
  }
}
