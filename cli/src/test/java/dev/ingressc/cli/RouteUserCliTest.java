package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ingressc route --user} and a basic auth route's answer (SEMANTICS.md, Basic auth) on golden/basic-auth. */
class RouteUserCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("basic-auth/input").toString();

  @Test
  void aUserOfTheSecretWithItsPasswordReachesTheBackend() {
    // erin's hash is bcrypt, dave's $6$: the oracle checks what nginx and HAProxy check.
    for (String user : new String[] {"erin:bcrypt-pw", "dave:pw6", "alice:wonderland"}) {
      CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "admin.example.com", "--path", "/", "--user", user);
      assertThat(r.out()).as(user).contains("and its password match: the request goes on").contains("Result: 200 apps/admin:80");
    }
  }

  @Test
  void noOrWrongCredentialsGet401WithTheRealm() {
    CliRunner none = CliRunner.run("route", "-f", INPUT, "--host", "admin.example.com", "--path", "/");
    assertThat(none.out()).contains("sends no Authorization: Basic user and password")
        .contains("Result: 401 Unauthorized (basic auth").contains("  WWW-Authenticate: Basic realm=\"Admins only\"");
    CliRunner wrong = CliRunner.run("route", "-f", INPUT, "--host", "admin.example.com", "--path", "/", "--user",
        "erin:nope", "--output", "json");
    assertThat(wrong.out()).containsPattern("\"status\" ?: ?401").containsPattern("\"decidedBy\" ?: ?\"basicAuth\"")
        .containsPattern("\"WWW-Authenticate\" ?: ?\"Basic realm=\\\\\"Admins only\\\\\"\"");
  }

  @Test
  void theUnguardedPathAsksNothing() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "admin.example.com", "--path", "/healthz", "--output",
        "json");
    assertThat(r.out()).containsPattern("\"status\" ?: ?200").containsPattern("\"decidedBy\" ?: ?\"routing\"")
        .doesNotContain("basicAuth\" :");
  }

  @Test
  void aUserWithoutAColonIsRefused() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "admin.example.com", "--path", "/", "--user", "alice");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--user: NAME:PASSWORD");
  }
}
