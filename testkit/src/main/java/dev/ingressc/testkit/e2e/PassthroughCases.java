package dev.ingressc.testkit.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.EndpointTable;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.testkit.fixtures.FlowManifests;
import dev.ingressc.testkit.http.HttpResult;
import java.util.List;

/**
 * The shared case of ssl-passthrough (SEMANTICS.md, "TLS passthrough"), and how a passed-through
 * answer is compared with the oracle's: the backend's own TLS (its certificate), the request as
 * sent, and no forwarding headers (nothing in between read it).
 */
final class PassthroughCases {
  private static final String KEY = "nginx.ingress.kubernetes.io/ssl-passthrough";

  private PassthroughCases() {}

  /**
   * Two hosts passed through to backends that terminate TLS (pt2 also has /api, served over plain
   * HTTP only), a host whose TLS the proxy terminates on the same port, an SNI nobody serves and
   * none. (Plain HTTP to a passed-through host's TLS-only backend would be 502 on every proxy, as in
   * ingress-nginx; it is not probed.)
   */
  static E2eCase passthrough() {
    return E2eCase.of("ssl-passthrough", ctx -> ctx.tlsService("default", "pt", 8443, "pt.example.com")
            + ctx.tlsService("default", "pt2", 8443, "pt2.example.com")
            + ctx.service("default", "web", 80) + ctx.tlsSecret("default", "web-cert", "web.example.com")
            + FlowManifests.ingress("default", "pt", "  annotations: {" + KEY + ": \"true\"}", "",
                FlowManifests.rule("pt.example.com", FlowManifests.prefix("/", "pt", 8443)))
            + FlowManifests.ingress("default", "pt2", "  annotations: {" + KEY + ": \"1\"}", "",
                FlowManifests.rule("pt2.example.com", FlowManifests.prefix("/", "pt2", 8443),
                    FlowManifests.prefix("/api", "web", 80)))
            + FlowManifests.ingress("default", "web", "", "  tls: [{hosts: [web.example.com], secretName: web-cert}]\n",
                FlowManifests.rule("web.example.com", FlowManifests.prefix("/", "web", 80))),
        List.of(Probe.https("pt.example.com", "web.example.com", "/x?y=1"),
            Probe.https("pt2.example.com", "pt2.example.com", "/api"),
            Probe.https("web.example.com", "web.example.com", "/w"),
            Probe.https("nobody.example.com", "web.example.com", "/"),
            Probe.httpsWithoutSni("web.example.com", "/"),
            Probe.http("pt2.example.com", "/api"),
            Probe.http("web.example.com", "/")));
  }

  /** Why a passed-through answer differs from the oracle's, or null. */
  static String mismatch(Probe p, RouteAnswer want, EndpointTable table, HttpResult got, CaseContext ctx) {
    String upstream = want.upstream().orElseThrow().name();
    if (want.upstream().get().unavailable()) {
      return got.handshakeWasRefused() ? null : "the connection should be closed, but got status " + got.status();
    }
    if (got.handshakeWasRefused() || got.status() != 200) {
      return "passed through to " + upstream + " by the oracle, but got " + (got.handshakeWasRefused()
          ? "a refused handshake" : "status " + got.status());
    }
    String pem = ctx.certificates().get(CaseContext.backendCertificateKey(upstream));
    if (pem == null || !pem.equals(E2eRunner.pem(got))) {
      return "the certificate is not the backend's of " + upstream + ": TLS was not passed through";
    }
    JsonNode echo = got.echo();
    if (!echo.path("upstream").asText().equals(upstream) || !echo.path("tls").asBoolean()) {
      return "answered by " + echo.path("upstream").asText() + ", the oracle says " + upstream;
    }
    List<String> endpoints = table.of(upstream).stream().map(Endpoint::hostPort).toList();
    if (!endpoints.contains(echo.path("endpoint").asText())) {
      return "endpoint " + echo.path("endpoint").asText() + " is not one of " + endpoints;
    }
    String query = echo.path("query").isNull() ? "" : "?" + echo.path("query").asText();
    if (!echo.path("host").asText().equals(p.host()) || !(echo.path("path").asText() + query).equals(p.target())) {
      return "the backend saw Host " + echo.path("host").asText() + " " + echo.path("path").asText() + query;
    }
    return echo.path("headers").has("x-forwarded-for") ? "a proxy added X-Forwarded-For to a passed-through stream"
        : null;
  }
}
