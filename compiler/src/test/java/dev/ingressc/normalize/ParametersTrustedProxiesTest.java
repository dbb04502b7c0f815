package dev.ingressc.normalize;

import static dev.ingressc.normalize.ParametersFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.TrustedProxies;
import dev.ingressc.route.RouteRequest;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trusted proxies in front (SEMANTICS.md, Client address), from a class's ConfigMap or IngressParameters. */
class ParametersTrustedProxiesTest {
  private static final String CONFIG_MAP_PARAMS =
      "  parameters:\n    kind: ConfigMap\n    name: tuning\n    scope: Namespace\n    namespace: ops\n";

  private static Compiled withConfigMap(Map<String, String> data) {
    return Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CONFIG_MAP_PARAMS),
        Manifests.configMap("ops", "tuning", data), ingressOfClass("tuned"));
  }

  private static String ranges(Compiled c) {
    return c.ir().listener().trustedProxies().ranges().toString();
  }

  @Test
  void noProxyIsTrustedByDefault() {
    assertThat(withConfigMap(Map.of("use-http2", "true")).ir().listener().trustedProxies()).isEqualTo(TrustedProxies.NONE);
  }

  @Test
  void useForwardedHeadersTrustsTheListedRanges() {
    Compiled c = withConfigMap(Map.of("use-forwarded-headers", "true",
        "proxy-real-ip-cidr", "10.0.0.0/8, 192.168.1.7,2001:db8::/32"));
    assertThat(ranges(c)).isEqualTo("[10.0.0.0/8, 192.168.1.7/32, 2001:db8:0:0:0:0:0:0/32]");
    // ingress-nginx trusts X-Forwarded-Proto from anyone; ingressc does not, and says so.
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field, Diagnostic::message)
        .anyMatch(t -> t.toList().get(0).equals("data[use-forwarded-headers]")
            && t.toList().get(1).toString().contains("X-Forwarded-Proto, -Host and -Port from the proxy in front are not trusted"));
    RouteRequest viaProxy = RouteRequest.http("foo.example.com", "/").withSource("10.1.2.3")
        .withHeaders(Map.of("X-Forwarded-For", "198.51.100.7"));
    assertThat(c.route(viaProxy).explanation())
        .contains("client address 198.51.100.7: from X-Forwarded-For, sent by the trusted proxy 10.1.2.3 (read from the"
            + " right, past trusted addresses)");
  }

  @Test
  void enableRealIpIsTheSameSwitch() {
    assertThat(ranges(withConfigMap(Map.of("enable-real-ip", "true", "proxy-real-ip-cidr", "10.0.0.0/8"))))
        .isEqualTo("[10.0.0.0/8]");
  }

  @Test
  void theDefaultRangeIsIngressNginxsAndGetsAWarning() {
    Compiled c = withConfigMap(Map.of("use-forwarded-headers", "true"));
    assertThat(ranges(c)).isEqualTo("[0.0.0.0/0]");
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::message)
        .anyMatch(m -> m.contains("trusts every IPv4 address (ingress-nginx's default 0.0.0.0/0)"));
  }

  @Test
  void aBadRangeTrustsNothing() {
    Compiled c = withConfigMap(Map.of("use-forwarded-headers", "true", "proxy-real-ip-cidr", "10.0.0.0/8,lb.internal"));
    assertThat(c.ir().listener().trustedProxies()).isEqualTo(TrustedProxies.NONE);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field, Diagnostic::message)
        .contains(org.assertj.core.groups.Tuple.tuple("data[proxy-real-ip-cidr]",
            "\"lb.internal\" is not an IPv4 or IPv6 address or CIDR; no proxy is trusted"));
  }

  @Test
  void rangesWithoutTheSwitchAndUnsupportedNeighboursAreWarned() {
    Compiled c = withConfigMap(Map.of("proxy-real-ip-cidr", "10.0.0.0/8", "use-proxy-protocol", "true",
        "compute-full-forwarded-for", "true", "forwarded-for-header", "CF-Connecting-IP"));
    assertThat(c.ir().listener().trustedProxies()).isEqualTo(TrustedProxies.NONE);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::field).containsExactlyInAnyOrder(
        "data[proxy-real-ip-cidr]", "data[use-proxy-protocol]", "data[compute-full-forwarded-for]",
        "data[forwarded-for-header]");
  }

  @Test
  void ingressParametersSpellItInCamelCase() {
    Compiled c = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CLUSTER_PARAMS),
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\nspec:\n"
            + "  useForwardedHeaders: \"true\"\n  proxyRealIpCidr: 10.0.0.0/8\n", ingressOfClass("tuned"));
    assertThat(ranges(c)).isEqualTo("[10.0.0.0/8]");
  }

  @Test
  void classesThatDisagreeTrustNoProxy() {
    Compiled c = Compiled.docs(
        Manifests.ingressClass("tuned", OURS, false, CONFIG_MAP_PARAMS),
        Manifests.configMap("ops", "tuning", Map.of("use-forwarded-headers", "true", "proxy-real-ip-cidr", "10.0.0.0/8")),
        Manifests.ingressClass("plain", OURS, false),
        Manifests.ingress("a").className("tuned").rule("a.example.com").path("/", "Prefix", "a", 80).yaml(),
        Manifests.ingress("b").className("plain").rule("b.example.com").path("/", "Prefix", "b", 80).yaml(),
        Manifests.service("a", 80), Manifests.service("b", 80));
    assertThat(c.ir().listener().trustedProxies()).isEqualTo(TrustedProxies.NONE);
    assertThat(c.diagnostics(Severity.WARNING)).extracting(Diagnostic::object, Diagnostic::message)
        .anyMatch(t -> t.toList().get(0).equals("IngressClass tuned")
            && t.toList().get(1).toString().contains("no proxy is trusted and the client address is the connection's"));
  }

  @Test
  void sslPassthroughIsRefusedBehindTrustedProxies() {
    String passthrough = Manifests.ingress("tls").className("tuned")
        .annotation("nginx.ingress.kubernetes.io/ssl-passthrough", "true").rule("tls.example.com")
        .path("/", "Prefix", "tls", 443).yaml();
    Compiled trusting = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CONFIG_MAP_PARAMS),
        Manifests.configMap("ops", "tuning", Map.of("use-forwarded-headers", "true", "proxy-real-ip-cidr", "10.0.0.0/8")),
        passthrough, Manifests.service("tls", 443));
    assertThat(trusting.ir().passthroughHosts()).isEmpty();
    assertThat(trusting.ir().virtualHosts()).extracting(dev.ingressc.ir.VirtualHost::host).contains("tls.example.com");
    assertThat(trusting.diagnostics(Severity.ERROR)).extracting(Diagnostic::object, Diagnostic::message)
        .anyMatch(t -> t.toList().get(0).equals("Ingress default/tls")
            && t.toList().get(1).toString().contains("nginx cannot read X-Forwarded-For on the TLS it passes through"));
    Compiled plain = Compiled.docs(Manifests.ingressClass("tuned", OURS, false, CONFIG_MAP_PARAMS),
        Manifests.configMap("ops", "tuning", Map.of("use-http2", "true")), passthrough, Manifests.service("tls", 443));
    assertThat(plain.ir().passthroughHosts()).extracting(dev.ingressc.ir.VirtualHost::host).containsExactly("tls.example.com");
  }
}
