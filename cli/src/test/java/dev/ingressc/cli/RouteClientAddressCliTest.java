package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * {@code ingressc route --source-ip} with {@code --header X-Forwarded-For=...} behind trusted proxies
 * (SEMANTICS.md, Client address) on golden/client-address: 10.0.0.0/24 and 2001:db8:ff::/48 are the
 * trusted proxies; /admin lets 192.0.2.0/24 in but 192.0.2.66.
 */
class RouteClientAddressCliTest {
  private static final String INPUT = GoldenCheckTest.GOLDEN.resolve("client-address/input").toString();

  private static CliRunner admin(String source, String xff, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("route", "-f", INPUT, "--host",
        "shop.example.com", "--path", "/admin", "--source-ip", source, "--header", "X-Forwarded-For=" + xff));
    args.addAll(java.util.List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void aTrustedProxyNamesTheClient() {
    CliRunner r = admin("10.0.0.7", "203.0.113.1, 192.0.2.10");
    assertThat(r.out()).contains("client address 192.0.2.10: from X-Forwarded-For, sent by the trusted proxy 10.0.0.7")
        .contains("Result: 200 apps/admin:80");
    assertThat(admin("10.0.0.7", "192.0.2.66").out()).contains("Result: 403 Forbidden (the route's source ranges");
  }

  @Test
  void anyOtherConnectionIsTheClient() {
    CliRunner r = admin("192.0.2.10", "192.0.2.66");
    assertThat(r.out()).contains("client address 192.0.2.10: the connection's (not a trusted proxy)")
        .contains("Result: 200 apps/admin:80");
  }

  @Test
  void moreThanTwentyEntriesFromATrustedProxyGet403() {
    CliRunner r = admin("10.0.0.7", String.join(",", Collections.nCopies(21, "192.0.2.10")), "--output", "json");
    assertThat(r.out()).containsPattern("\"status\" ?: ?403").containsPattern("\"decidedBy\" ?: ?\"clientAddress\"");
    assertThat(admin("10.0.0.7", String.join(",", Collections.nCopies(21, "192.0.2.10"))).out())
        .contains("Result: 403 Forbidden (a trusted proxy's X-Forwarded-For is too long to read)");
  }
}
