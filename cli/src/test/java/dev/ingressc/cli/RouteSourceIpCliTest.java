package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code ingressc route --source-ip} decides source ranges (SEMANTICS.md, Source ranges) on golden/source-ranges. */
class RouteSourceIpCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("source-ranges/input").toString();

  @Test
  void theClientAddressDecidesAndIsExplained() {
    CliRunner in = CliRunner.run("route", "-f", INPUT, "--host", "shop.example.com", "--path", "/admin",
        "--source-ip", "10.2.3.4", "--header", "X-Canary=always");
    assertThat(in.out()).contains("the client address 10.2.3.4 is let in (10.0.0.0/8)")
        .contains("Result: 200 apps/admin-next:80");
    CliRunner out = CliRunner.run("route", "-f", INPUT, "--host", "shop.example.com", "--path", "/admin/x",
        "--source-ip", "10.1.0.9", "--output", "json");
    assertThat(out.out()).containsPattern("\"status\" ?: ?403")
        .containsPattern("\"result\" ?: ?\"403 Forbidden \\(the route's source ranges keep the client address out\\)\"")
        .contains("10.1.0.9 is kept out: 403 (10.1.0.0/16)");
    CliRunner v6 = CliRunner.run("route", "-f", INPUT, "--host", "shop.example.com", "--path", "/admin",
        "--source-ip", "2001:db8::7");
    assertThat(v6.out()).contains("Result: 200");
  }

  @Test
  void withoutAnAddressTheRangesAreExplained() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "blog.example.com", "--path", "/");
    assertThat(r.out()).contains("denied 192.0.2.7/32").contains("the client address decides").contains("Result: 200");
  }

  @Test
  void anAddressThatIsNoLiteralIsRefused() {
    CliRunner r = CliRunner.run("route", "-f", INPUT, "--host", "blog.example.com", "--path", "/", "--source-ip",
        "localhost");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--source-ip: localhost is not an IPv4 or IPv6 address");
  }
}
