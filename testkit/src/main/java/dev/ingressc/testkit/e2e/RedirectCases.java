package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.List;

/**
 * ingress-nginx's permanent-redirect and temporal-redirect (SEMANTICS.md, Redirects): the status
 * and Location every target answers, the request's path and query never appended, temporal beating
 * permanent, the codes' defaults and validation, and the https redirect of a TLS host first.
 */
final class RedirectCases {
  private static final String NS = "default";

  private RedirectCases() {}


  /**
   * ssl-redirect and force-ssl-redirect per Ingress (SEMANTICS.md, TLS): on one host some paths
   * redirect plain HTTP to https and others are served; a path no route takes follows the class.
   */
  static E2eCase sslRedirects() {
    String tls = "  tls:\n  - {hosts: [mixed.example.com, mixed2.example.com], secretName: mixed-cert}\n";
    return E2eCase.of("ssl-redirects", ctx -> ctx.service(NS, "web", 80) + ctx.service(NS, "plain", 80)
        + ctx.tlsSecret(NS, "mixed-cert", "mixed.example.com", "mixed2.example.com")
        + ingress(NS, "mixed-main", "", tls, rule("mixed.example.com", prefix("/", "web", 80)),
            rule("mixed2.example.com", prefix("/a", "web", 80)))
        + ingress(NS, "mixed-open", NginxAnnotations.of("ssl-redirect", "false"), "",
            rule("mixed.example.com", prefix("/open", "plain", 80)), rule("mixed2.example.com", exact("/b", "plain", 80)))
        + ingress(NS, "forced", NginxAnnotations.of("force-ssl-redirect", "true"), "",
            rule("forced.example.com", prefix("/secure", "web", 80)), rule("", prefix("/hl", "web", 80)))
        + ingress(NS, "forced-rest", rule("forced.example.com", prefix("/", "plain", 80)), rule("", prefix("/", "plain", 80))),
        List.of(Probe.http("mixed.example.com", "/"), Probe.http("mixed.example.com", "/x?y=1"),
            Probe.http("mixed.example.com", "/open"), Probe.http("mixed.example.com", "/open/z?q=1"),
            Probe.https("mixed.example.com", "mixed.example.com", "/open"),
            Probe.https("mixed.example.com", "mixed.example.com", "/x"),
            Probe.http("mixed2.example.com", "/a/1"), Probe.http("mixed2.example.com", "/b"),
            Probe.http("mixed2.example.com", "/b/"), Probe.http("mixed2.example.com", "/c?d"),
            Probe.http("forced.example.com", "/secure/p?q=1"), Probe.http("Forced.example.com:8080", "/secure"),
            Probe.http("forced.example.com", "/"), Probe.http("other.example.com", "/hl/x"),
            Probe.http("other.example.com", "/")));
  }

  static E2eCase redirects() {
    return E2eCase.of("redirects", ctx -> ctx.service(NS, "web", 80) + ctx.service(NS, "plain", 80)
        + ctx.tlsSecret(NS, "secure-cert", "secure.example.com")
        + ingress(NS, "moved", NginxAnnotations.of("permanent-redirect", "https://new.example.com/landing?from=old"), "",
            rule("moved.example.com", prefix("/", "web", 80), exact("/exact", "web", 80)))
        + ingress(NS, "moved-308", NginxAnnotations.of("permanent-redirect", "http://New.example.com:8443",
            "permanent-redirect-code", "308"), "", rule("code.example.com", prefix("/", "web", 80)))
        + ingress(NS, "maintenance", NginxAnnotations.of("temporal-redirect", "https://status.example.com/?a=1&b=(x)",
            "temporal-redirect-code", "307", "permanent-redirect", "https://ignored.example.com/"), "",
            rule("temp.example.com", prefix("/maint", "web", 80)))
        + ingress(NS, "temp-rest", rule("temp.example.com", prefix("/", "plain", 80)))
        + ingress(NS, "odd-code", NginxAnnotations.of("permanent-redirect", "https://odd.example.com/x",
            "permanent-redirect-code", "310"), "", rule("oddcode.example.com", prefix("/", "web", 80)))
        + ingress(NS, "see-other", NginxAnnotations.of("temporal-redirect", "http://10.0.0.1/y",
            "temporal-redirect-code", "303"), "", rule("seeother.example.com", prefix("/", "web", 80)))
        + ingress(NS, "not-http", NginxAnnotations.of("permanent-redirect", "ftp://files.example.com/"), "",
            rule("nothttp.example.com", prefix("/", "web", 80)))
        + ingress(NS, "unanswerable", NginxAnnotations.of("permanent-redirect", "https://x.example.com/",
            "permanent-redirect-code", "304"), "", rule("unanswerable.example.com", prefix("/", "web", 80)))
        + ingress(NS, "variable", NginxAnnotations.of("permanent-redirect", "https://x.example.com$request_uri"), "",
            rule("variable.example.com", prefix("/", "web", 80)))
        + ingress(NS, "secure", NginxAnnotations.of("permanent-redirect", "https://elsewhere.example.com/"),
            "  tls:\n  - {hosts: [secure.example.com], secretName: secure-cert}\n",
            rule("secure.example.com", prefix("/", "web", 80))),
        List.of(Probe.http("moved.example.com", "/"), Probe.http("moved.example.com", "/a/b?x=1"),
            Probe.http("MOVED.example.com:8080", "/exact"), Probe.http("moved.example.com", "/exact/y?z"),
            Probe.http("code.example.com", "/keep?q=1"),
            Probe.http("temp.example.com", "/maint/x?y=2"), Probe.http("temp.example.com", "/maintenance"),
            Probe.http("oddcode.example.com", "/"), Probe.http("seeother.example.com", "/q"),
            Probe.http("nothttp.example.com", "/"), Probe.http("unanswerable.example.com", "/"),
            Probe.http("variable.example.com", "/v"),
            Probe.http("secure.example.com", "/s?t=1"), Probe.https("secure.example.com", "secure.example.com", "/s?t=1")));
  }
}
