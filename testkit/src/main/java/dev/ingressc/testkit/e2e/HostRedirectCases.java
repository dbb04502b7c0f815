package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import java.util.List;

/**
 * ingress-nginx's host-level redirects (SEMANTICS.md, Redirects): app-root answers a request for
 * "/" of the whole host with 302 to the scheme, the Host as sent and the application root, the
 * query dropped, after the https redirect; other paths, and values ingress-nginx ignores or
 * ingressc refuses, route as before.
 */
final class HostRedirectCases {
  private static final String NS = "default";

  private HostRedirectCases() {}


  static E2eCase appRoot() {
    String tls = "  tls:\n  - {hosts: [%s], secretName: %s}\n";
    return E2eCase.of("app-root", ctx -> ctx.service(NS, "web", 80) + ctx.service(NS, "other", 80)
        + ctx.tlsSecret(NS, "secure-cert", "secure.example.com") + ctx.tlsSecret(NS, "mixed-cert", "mixed.example.com")
        + ingress(NS, "root", NginxAnnotations.of("app-root", "/app1"), "",
            rule("approot.example.com", prefix("/", "web", 80), prefix("/app1", "web", 80)))
        // app-root applies to the whole host: "/" of another Ingress's route is redirected too.
        + ingress(NS, "shared-root", NginxAnnotations.of("app-root", "/start"), "", rule("shared.example.com", exact("/x", "web", 80)))
        + ingress(NS, "shared-rest", rule("shared.example.com", prefix("/", "other", 80)))
        + ingress(NS, "query-root", NginxAnnotations.of("app-root", "/app?x=(1)&y=2"), "",
            rule("query.example.com", exact("/", "web", 80)))
        + ingress(NS, "wild-root", NginxAnnotations.of("app-root", "/w"), "", rule("*.wild.example.com", prefix("/", "web", 80)))
        + ingress(NS, "secure-root", NginxAnnotations.of("app-root", "/s"), tls.formatted("secure.example.com", "secure-cert"),
            rule("secure.example.com", prefix("/", "web", 80)))
        // a TLS host whose "/" is not redirected to https (ssl-redirect false), and a path that is
        + ingress(NS, "mixed-root", NginxAnnotations.of("app-root", "/m", "ssl-redirect", "false"),
            tls.formatted("mixed.example.com", "mixed-cert"), rule("mixed.example.com", prefix("/", "web", 80)))
        + ingress(NS, "mixed-rest", rule("mixed.example.com", prefix("/b", "other", 80)))
        // a TLS host whose "/" is redirected to https first, and a path that is not
        + ingress(NS, "mixed2-root", NginxAnnotations.of("app-root", "/m2"), tls.formatted("mixed2.example.com", "mixed-cert"),
            rule("mixed2.example.com", prefix("/", "web", 80)))
        + ingress(NS, "mixed2-rest", NginxAnnotations.of("ssl-redirect", "false"), "", rule("mixed2.example.com",
            prefix("/b", "other", 80)))
        + ingress(NS, "not-a-path", NginxAnnotations.of("app-root", "app1"), "", rule("notpath.example.com", prefix("/", "web", 80)))
        + ingress(NS, "absolute", NginxAnnotations.of("app-root", "https://x.example.com/"), "",
            rule("absolute.example.com", prefix("/", "web", 80)))
        + ingress(NS, "variable", NginxAnnotations.of("app-root", "/x$request_uri"), "",
            rule("variable.example.com", prefix("/", "web", 80))),
        List.of(Probe.http("approot.example.com", "/"), Probe.http("approot.example.com", "/?q=1&r=2"),
            Probe.http("APPROOT.example.com:8080", "/"), Probe.http("approot.example.com", "//"),
            Probe.http("approot.example.com", "/app1"), Probe.http("approot.example.com", "/other?x=/"),
            Probe.http("approot.example.com", "/%61pp1"),
            Probe.http("shared.example.com", "/"), Probe.http("shared.example.com", "/x"),
            Probe.http("shared.example.com", "/y"),
            Probe.http("query.example.com", "/?z=9"), Probe.http("query.example.com", "/app"),
            Probe.http("a.wild.example.com", "/"), Probe.http("a.wild.example.com", "/w"),
            Probe.http("secure.example.com", "/?t=1"), Probe.https("secure.example.com", "secure.example.com", "/?t=1"),
            Probe.https("secure.example.com", "Secure.example.com:8443", "/"),
            Probe.http("mixed.example.com", "/"), Probe.http("mixed.example.com", "/b"),
            Probe.https("mixed.example.com", "mixed.example.com", "/"),
            Probe.http("mixed2.example.com", "/"), Probe.http("mixed2.example.com", "/b"),
            Probe.https("mixed2.example.com", "mixed2.example.com", "/"),
            Probe.http("notpath.example.com", "/"), Probe.http("absolute.example.com", "/"),
            Probe.http("variable.example.com", "/")));
  }

  static E2eCase wwwRedirect() {
    String tls = "  tls:\n  - {hosts: [%s], secretName: %s}\n";
    return E2eCase.of("from-to-www-redirect", ctx -> ctx.service(NS, "web", 80) + ctx.service(NS, "other", 80)
        + ctx.tlsSecret(NS, "both-cert", "tls.example.com", "www.tls.example.com")
        + ingress(NS, "bare", NginxAnnotations.of("from-to-www-redirect", "true"), "",
            rule("bare.example.com", prefix("/", "web", 80)))
        + ingress(NS, "www", NginxAnnotations.of("from-to-www-redirect", "True"), "",
            rule("www.wwwfirst.example.com", prefix("/", "web", 80)))
        // the twin is a rule host itself: served as that host (warned)
        + ingress(NS, "taken", NginxAnnotations.of("from-to-www-redirect", "true"), "",
            rule("taken.example.com", prefix("/", "web", 80)))
        + ingress(NS, "taken-www", rule("www.taken.example.com", prefix("/", "other", 80)))
        // the twin beats a wildcard rule, as an exact name does
        + ingress(NS, "wild", rule("*.wild.example.com", prefix("/", "other", 80)))
        + ingress(NS, "wild-bare", NginxAnnotations.of("from-to-www-redirect", "1"), "",
            rule("wild.example.com", prefix("/", "web", 80)))
        // TLS: the twin is listed in the TLS section, so its SNI gets the certificate
        + ingress(NS, "tls", NginxAnnotations.of("from-to-www-redirect", "true"),
            tls.formatted("tls.example.com, www.tls.example.com", "both-cert"), rule("tls.example.com", prefix("/", "web", 80)))
        + ingress(NS, "not-bool", NginxAnnotations.of("from-to-www-redirect", "yes"), "",
            rule("notbool.example.com", prefix("/", "web", 80))),
        List.of(Probe.http("www.bare.example.com", "/"), Probe.http("www.bare.example.com", "/a/b/?x=1&y=/"),
            Probe.http("WWW.Bare.example.com:8080", "/a/"), Probe.http("www.bare.example.com", "//"),
            Probe.http("www.bare.example.com", "/a//"), Probe.http("www.bare.example.com", "/%61/?q"),
            Probe.http("bare.example.com", "/a/"),
            Probe.http("wwwfirst.example.com", "/p/q/"), Probe.http("www.wwwfirst.example.com", "/p/q/"),
            Probe.http("www.taken.example.com", "/"), Probe.http("www.wild.example.com", "/z/"),
            Probe.http("other.wild.example.com", "/z/"),
            Probe.http("www.tls.example.com", "/t/"), Probe.https("www.tls.example.com", "www.tls.example.com", "/t/?u"),
            Probe.https("www.tls.example.com", "www.tls.example.com", "/t/"),
            Probe.http("www.notbool.example.com", "/")));
  }
}
