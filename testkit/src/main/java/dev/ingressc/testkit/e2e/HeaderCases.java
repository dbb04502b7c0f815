package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The forwarding headers and upstream-vhost (SEMANTICS.md, Forwarding headers) through every target:
 * over plain HTTP and TLS, with and without a client's own X-Forwarded-For and the other headers a
 * client may forge; every forwarded request is checked by {@link ForwardingHeaders}.
 */
final class HeaderCases {
  private static final String NS = "default";
  private static final String N = "nginx.ingress.kubernetes.io/";
  private static final String HOST = "headers.example.com";
  private static final String VHOST = "vhost.example.com";

  /** Every forwarding header a client may send itself, forged. */
  private static final Map<String, String> FORGED = Map.of("X-Forwarded-For", "203.0.113.7, 198.51.100.1",
      "X-Real-IP", "192.0.2.66", "X-Forwarded-Host", "evil.example.com", "X-Forwarded-Proto", "https",
      "X-Forwarded-Port", "1", "X-Scheme", "ftp", "X-Original-Forwarded-For", "192.0.2.99",
      "X-Request-ID", "client-chosen-id-42", "Proxy", "http://192.0.2.1:3128");

  private HeaderCases() {}

  static E2eCase forwardingHeaders() {
    String tls = "  tls:\n  - {hosts: [" + HOST + ", " + VHOST + "], secretName: headers-cert}\n";
    String canary = "  creationTimestamp: '2024-02-01T00:00:00Z'\n  annotations: {" + N + "canary: 'true', " + N
        + "canary-by-header: X-Canary}\n";
    List<Probe> p = new ArrayList<>();
    for (String host : List.of(HOST, VHOST)) {
      String target = host.equals(HOST) ? "/q?x=1&y=%2F" : "/api/v?x=1";
      p.add(Probe.http(host, target));
      p.add(Probe.httpWith(host, target, FORGED));
      p.add(Probe.httpWith(host, target, Map.of("X-Forwarded-For", "198.51.100.2")));
      p.add(Probe.https(host, host, target));
      p.add(new Probe(host, target, Optional.of(host), true, 1, Probe.Spread.ANY, FORGED));
    }
    p.add(Probe.http("VHost.example.com:8080", "/api"));
    p.add(Probe.http(VHOST, "/"));
    p.add(Probe.httpWith(VHOST, "/api/c", Map.of("X-Canary", "always")));
    p.add(Probe.http("ip.example.com", "/"));
    p.add(Probe.http("empty.example.com", "/"));
    p.add(Probe.http("bad.example.com", "/"));
    p.add(Probe.http("badport.example.com", "/"));
    return E2eCase.of("forwarding-headers", ctx -> ctx.service(NS, "web", 80) + ctx.service(NS, "plain", 80)
        + ctx.service(NS, "beta", 80) + ctx.tlsSecret(NS, "headers-cert", HOST, VHOST)
        + ingress(NS, "headers", NginxAnnotations.of("ssl-redirect", "false"), tls, rule(HOST, prefix("/", "web", 80)))
        + ingress(NS, "vhosted", NginxAnnotations.of("upstream-vhost", "internal.web.svc.cluster.local:8080", "ssl-redirect",
            "false"), "", rule(VHOST, prefix("/api", "web", 80)))
        + ingress(NS, "vhost-root", NginxAnnotations.of("ssl-redirect", "false"), "", rule(VHOST, exact("/", "plain", 80)))
        + ingress(NS, "vhosted-canary", canary, "", rule(VHOST, prefix("/api", "beta", 80)))
        + ingress(NS, "by-ip", NginxAnnotations.of("upstream-vhost", "10.0.0.7"), "", rule("ip.example.com", prefix("/", "web", 80)))
        + ingress(NS, "empty-vhost", NginxAnnotations.of("upstream-vhost", ""), "", rule("empty.example.com", prefix("/", "web", 80)))
        + ingress(NS, "bad-vhost", NginxAnnotations.of("upstream-vhost", "a b"), "", rule("bad.example.com", prefix("/", "web", 80)))
        + ingress(NS, "bad-port", NginxAnnotations.of("upstream-vhost", "x.example.com:65536"), "",
            rule("badport.example.com", prefix("/", "web", 80))),
        p);
  }

}
