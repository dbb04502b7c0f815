package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session affinity (SEMANTICS.md, Session affinity) on golden/affinity: {@code ingressc route}
 * explains it and the cookie a request carries, its JSON carries {@code affinity}, and compiling
 * for nginx's native format warns that it is not served there.
 */
class RouteAffinityCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("affinity/input").toString();

  @TempDir Path tmp;

  @Test
  void theTextExplainsTheCookie() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "shop.example.com", "--path", "/cart/x");
    assertThat(r.out()).contains("session affinity of upstream apps/cart:80 (cookie SHOP, Max-Age 3600, SameSite Lax,"
        + " mode balanced): the request carries no SHOP cookie")
        .contains("sets SHOP=<endpoint>; Max-Age=3600; Path=/cart; SameSite=Lax; HttpOnly").contains("Result: 200");
    CliRunner carrying = CliRunner.run("route", "-f", INPUT, "--host", "api.example.com", "--path", "/api",
        "--cookie", "SHOP=abc");
    assertThat(carrying.out()).contains("the request carries SHOP=\"abc\", so the endpoint it names answers");
  }

  @Test
  void theJsonCarriesAffinity() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "catalog.example.com", "--path", "/items",
        "--output", "json");
    assertThat(r.out()).containsPattern("\"affinity\" ?: ?\\{").containsPattern("\"cookie\" ?: ?\"INGRESSCOOKIE\"")
        .containsPattern("\"path\" ?: ?\"/\"").containsPattern("\"maxAge\" ?: ?600")
        .containsPattern("\"secure\" ?: ?true").containsPattern("\"mode\" ?: ?\"persistent\"")
        .contains("INGRESSCOOKIE=<endpoint>; Max-Age=600; Path=/; Secure; HttpOnly");
    CliRunner none = CliRunner.run("route", "-f", INPUT, "--host", "shop.example.com", "--path", "/gone",
        "--output", "json");
    assertThat(none.out()).containsPattern("\"affinity\" ?: ?null");
  }

  @Test
  void theNativeNginxFormatWarnsAndTheLuaFormatDoesNot() {
    CliRunner plain = CliRunner.run("compile", "--target", "nginx", "-f", INPUT, "-o", tmp.resolve("n").toString());
    assertThat(plain.err()).contains("warning: nginx: session affinity (nginx.ingress.kubernetes.io/affinity) of"
        + " upstreams apps/cart:80, apps/catalog:80, apps/docs:80, apps/gone:80 is not served in the native format")
        .contains("use --format lua");
    CliRunner lua = CliRunner.run("compile", "--target", "nginx", "--format", "lua", "-f", INPUT, "-o",
        tmp.resolve("l").toString());
    assertThat(lua.err()).doesNotContain("warning: nginx:").contains("is shared with Ingress apps/shop, whose session"
        + " affinity applies to every route to it");
  }
}
