package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.fixtures.FlowManifests.exact;
import static dev.ingressc.testkit.fixtures.FlowManifests.implementationSpecific;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingress;
import static dev.ingressc.testkit.fixtures.FlowManifests.ingressClass;
import static dev.ingressc.testkit.fixtures.FlowManifests.parameters;
import static dev.ingressc.testkit.fixtures.FlowManifests.prefix;
import static dev.ingressc.testkit.fixtures.FlowManifests.rule;

import dev.ingressc.CompileOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * The end-to-end cases every target replays through its real proxy. Each probe's answer is
 * compared with the route oracle, so a case states requests, not expectations; the Kubernetes Ingress
 * concept page's path and wildcard tables (SEMANTICS.md, Paths and Hosts) are covered row by row.
 */
public final class E2eCases {
  private static final String NS = "default";
  private static final String DEFAULT_BACKEND = "  defaultBackend: {service: {name: fallback, port: {number: 80}}}\n";

  private E2eCases() {}

  /**
   * Every shared case; with {@code -Dingressc.cases=NAME[,NAME...]} only those (to replay one case
   * through every target while working on it).
   */
  public static List<E2eCase> all() {
    String only = System.getProperty("ingressc.cases", "");
    List<E2eCase> all = every();
    return only.isBlank() ? all
        : all.stream().filter(c -> java.util.Arrays.asList(only.split(",")).contains(c.name())).toList();
  }

  private static List<E2eCase> every() {
    return List.of(pathTable(), wildcardTable(), wildcardWithoutCatchAll(), fanout(), virtualHosting(),
        virtualHostingWithHostlessRule(), ingressDefaultBackend(), controllerDefaultBackend(), conflicts(),
        namedPorts(), tlsTwoHosts(), tlsDefaultCertificate(), tlsOnlyDefaultCertificate(), tlsWithoutRedirect(), notFoundAndUnavailable(),
        ingressClassSelection(), loadSpread(), AnnotationCases.annotationsFailClosed(), RequestTargetCases.requestTargets(),
        PassthroughCases.passthrough(), CanaryCases.canaries(),
        RegexPathCases.regexPaths(), RedirectCases.redirects(), RedirectCases.sslRedirects(),
        RewriteCases.rewrites(),
        HeaderCases.forwardingHeaders(), HostRedirectCases.appRoot(), HostRedirectCases.wwwRedirect(),
        SourceRangeCases.sourceRanges(), ClientAddressCases.clientAddress(), CorsCases.cors(), RateLimitCases.rateLimits(),
        AuthCases.externalAuth(), AffinityCases.affinity(),
        BasicAuthCases.basicAuth());
  }

  /** The concept page's path table (SEMANTICS.md, Paths), one host per row (or group of rows), with a default backend. */
  static E2eCase pathTable() {
    List<Probe> probes = new ArrayList<>();
    row(probes, "p1", "/", "/anything", "/foo/bar", "//double");
    row(probes, "p2", "/foo", "/bar", "/foo/", "/FOO", "/foo?x=1");
    row(probes, "p3", "/foo/", "/foo", "/foo/x");
    row(probes, "p4", "/foo", "/foo/", "/foobar", "/foo/bar", "/foo?q=/bar", "//foo");
    row(probes, "p5", "/foo", "/foo/", "/foo/x", "/foox");
    row(probes, "p6", "/aaa/bbb", "/aaa/bbb/", "/aaa/bbb/ccc", "/aaa/bbbxyz", "/aaa/bb", "/aaa/bb/c");
    row(probes, "p7", "/aaa/bbb", "/aaa/bbb/", "/aaa/bbbb");
    row(probes, "p8", "/aaa/ccc", "/aaa/bbb", "/ccc", "/aaa", "/aaa/bbb/x", "/");
    row(probes, "p9", "/ccc", "/aaa", "/aaa/x");
    row(probes, "p10", "/foo", "/foo/", "/foo/x", "/fo");
    row(probes, "p11", "/impl", "/impl/x", "/implx", "/x/(a)*");
    return E2eCase.of("path-table", ctx -> ctx.service(NS, "fallback", 80) + ctx.service(NS, "a", 80)
        + ctx.service(NS, "b", 80) + ctx.service(NS, "c", 80)
        + ingress(NS, "paths", "", DEFAULT_BACKEND,
            rule("p1.example.com", prefix("/", "a", 80)),
            rule("p2.example.com", exact("/foo", "a", 80)),
            rule("p3.example.com", exact("/foo/", "a", 80)),
            rule("p4.example.com", prefix("/foo", "a", 80)),
            rule("p5.example.com", prefix("/foo/", "a", 80)),
            rule("p6.example.com", prefix("/aaa/bb", "a", 80), prefix("/aaa/bbb", "b", 80)),
            rule("p7.example.com", prefix("/aaa/bbb/", "a", 80)),
            rule("p8.example.com", prefix("/", "a", 80), prefix("/aaa", "b", 80), prefix("/aaa/bbb", "c", 80)),
            rule("p9.example.com", prefix("/aaa", "a", 80)),
            rule("p10.example.com", prefix("/foo", "a", 80), exact("/foo", "b", 80)),
            rule("p11.example.com", implementationSpecific("/impl", "a", 80), exact("/x/(a)*", "b", 80))),
        probes);
  }

  private static void row(List<Probe> probes, String host, String... targets) {
    for (String t : targets) {
      probes.add(Probe.http(host + ".example.com", t));
    }
  }

  /** The concept page's wildcard table (SEMANTICS.md, Hosts), with exact-beats-wildcard and a host-less rule to fall to. */
  static E2eCase wildcardTable() {
    return E2eCase.of("wildcard-table", ctx -> ctx.service(NS, "wild", 80) + ctx.service(NS, "deeper", 80)
        + ctx.service(NS, "exact", 80) + ctx.service(NS, "any", 80)
        + ingress(NS, "wildcards",
            rule("*.foo.com", prefix("/", "wild", 80)),
            rule("*.bar.foo.com", prefix("/", "deeper", 80)),
            rule("exact.foo.com", prefix("/", "exact", 80)),
            rule("", prefix("/", "any", 80))),
        List.of(Probe.http("bar.foo.com", "/"), Probe.http("baz.bar.foo.com", "/"), Probe.http("foo.com", "/"),
            Probe.http("a.baz.bar.foo.com", "/"), Probe.http("exact.foo.com", "/"), Probe.http("EXACT.Foo.com:81", "/"),
            Probe.http("Bar.FOO.com", "/x"), Probe.http("bar.foo.com.", "/"), Probe.http("other.org", "/")));
  }

  /** Without host-less rules, a host no wildcard covers gets 404. */
  static E2eCase wildcardWithoutCatchAll() {
    return E2eCase.of("wildcard-no-catch-all", ctx -> ctx.service(NS, "wild", 80)
        + ingress(NS, "wildcards", rule("*.foo.com", prefix("/", "wild", 80))),
        List.of(Probe.http("bar.foo.com", "/"), Probe.http("baz.bar.foo.com", "/"), Probe.http("foo.com", "/"),
            Probe.http("x.foo.com:8080", "/y")));
  }

  /** The concept page's simple fanout. */
  static E2eCase fanout() {
    return E2eCase.of("simple-fanout", ctx -> ctx.service(NS, "service1", 4200) + ctx.service(NS, "service2", 8080)
        + ingress(NS, "simple-fanout-example",
            rule("foo.bar.com", prefix("/foo", "service1", 4200), prefix("/bar", "service2", 8080))),
        List.of(Probe.http("foo.bar.com", "/foo"), Probe.http("foo.bar.com", "/bar/x?y=1"),
            Probe.http("foo.bar.com", "/baz"), Probe.http("other.com", "/foo")));
  }

  /** Name-based virtual hosting, no host-less rule. */
  static E2eCase virtualHosting() {
    return E2eCase.of("virtual-hosting", ctx -> ctx.service(NS, "service1", 80) + ctx.service(NS, "service2", 80)
        + ingress(NS, "name-virtual-host-ingress",
            rule("foo.bar.com", prefix("/", "service1", 80)), rule("bar.foo.com", prefix("/", "service2", 80))),
        List.of(Probe.http("foo.bar.com", "/"), Probe.http("bar.foo.com", "/a"), Probe.http("FOO.BAR.COM:8080", "/"),
            Probe.http("foo.bar.com.", "/"),
            Probe.http("baz.com", "/"), Probe.http("127.0.0.1:80", "/")));
  }

  /** Name-based virtual hosting with a host-less rule taking every other host. */
  static E2eCase virtualHostingWithHostlessRule() {
    return E2eCase.of("virtual-hosting-hostless", ctx -> ctx.service(NS, "service1", 80)
        + ctx.service(NS, "service2", 80) + ctx.service(NS, "service3", 80)
        + ingress(NS, "name-virtual-host-ingress-no-third-host",
            rule("first.bar.com", prefix("/", "service1", 80)), rule("second.bar.com", prefix("/", "service2", 80)),
            rule("", prefix("/", "service3", 80))),
        List.of(Probe.http("first.bar.com", "/"), Probe.http("second.bar.com", "/x"), Probe.http("third.bar.com", "/"),
            Probe.http("127.0.0.1", "/y")));
  }

  /** An Ingress with only a defaultBackend, and one with rules: unmatched requests go to the default. */
  static E2eCase ingressDefaultBackend() {
    return E2eCase.of("default-backend-ingress", ctx -> ctx.service(NS, "fallback", 80) + ctx.service(NS, "web", 80)
        + ingress(NS, "only-default", "", DEFAULT_BACKEND)
        + ingress(NS, "web", rule("web.example.com", exact("/app", "web", 80))),
        List.of(Probe.http("web.example.com", "/app"), Probe.http("web.example.com", "/other"),
            Probe.http("web.example.com", "/app/"), Probe.http("unknown.example.com", "/")));
  }

  /** The controller's default backend (--default-backend) when no Ingress has one. */
  static E2eCase controllerDefaultBackend() {
    return E2eCase.of("default-backend-controller", ctx -> ctx.service("ingressc", "default-http-backend", 8080)
        + ctx.service(NS, "web", 80)
        + ingress(NS, "web", rule("web.example.com", prefix("/app", "web", 80))),
        List.of(Probe.http("web.example.com", "/app/x"), Probe.http("web.example.com", "/"),
            Probe.http("nope.example.com", "/app")))
        .withOptions(o -> o.withDefaultBackend(new dev.ingressc.ir.BackendRef.ServicePort("ingressc", "default-http-backend", 8080, "")));
  }

  /** The same host and path in two Ingresses: the older one wins; the rest of each still counts. */
  static E2eCase conflicts() {
    return E2eCase.of("conflicts", ctx -> ctx.service(NS, "old", 80) + ctx.service(NS, "new", 80)
        + ctx.service("team-b", "new", 80)
        + ingress(NS, "newer", "  creationTimestamp: \"2024-06-01T00:00:00Z\"\n", "",
            rule("shop.example.com", prefix("/cart", "new", 80), prefix("/new", "new", 80)))
        + ingress(NS, "older", "  creationTimestamp: \"2023-01-01T00:00:00Z\"\n", "",
            rule("shop.example.com", prefix("/cart", "old", 80), exact("/new", "old", 80)))
        + ingress("team-b", "same-age", "  creationTimestamp: \"2023-01-01T00:00:00Z\"\n", "",
            rule("shop.example.com", prefix("/cart/", "new", 80), prefix("/b", "new", 80))),
        List.of(Probe.http("shop.example.com", "/cart"), Probe.http("shop.example.com", "/cart/1"),
            Probe.http("shop.example.com", "/new"), Probe.http("shop.example.com", "/new/x"),
            Probe.http("shop.example.com", "/b")));
  }

  /** Backends naming a Service port by name. */
  static E2eCase namedPorts() {
    return E2eCase.of("named-ports", ctx -> ctx.multiPortService(NS, "multi", Map.of("http", 80, "admin", 9090))
        + ingress(NS, "named", rule("named.example.com",
            new FlowManifests.Path("Prefix", "/", "multi", "http"), new FlowManifests.Path("Prefix", "/admin", "multi", "admin"))),
        List.of(Probe.http("named.example.com", "/"), Probe.http("named.example.com", "/admin/x")));
  }

  private static String tlsIngress(String extraSpecHosts) {
    return ingress(NS, "secure", "", "  tls:\n" + extraSpecHosts,
        rule("a.example.com", prefix("/", "svc-a", 80)), rule("b.example.com", prefix("/", "svc-b", 80)),
        rule("plain.example.com", prefix("/", "svc-plain", 80)));
  }

  private static String tlsServices(CaseContext ctx) {
    return ctx.service(NS, "svc-a", 80) + ctx.service(NS, "svc-b", 80) + ctx.service(NS, "svc-plain", 80)
        + ctx.tlsSecret(NS, "cert-a", "a.example.com") + ctx.tlsSecret(NS, "cert-b", "b.example.com");
  }

  private static final String TWO_TLS_HOSTS = "  - {hosts: [a.example.com], secretName: cert-a}\n"
      + "  - {hosts: [b.example.com], secretName: cert-b}\n";

  /** Two TLS hosts with their own certificates by SNI; unknown SNI refused; plain HTTP redirected. */
  static E2eCase tlsTwoHosts() {
    return E2eCase.of("tls-two-hosts", ctx -> tlsServices(ctx) + tlsIngress(TWO_TLS_HOSTS),
        List.of(Probe.https("a.example.com", "a.example.com", "/x?y=1"), Probe.https("b.example.com", "b.example.com", "/"),
            Probe.https("b.example.com", "a.example.com", "/host-beats-sni"),
            Probe.https("a.example.com", "plain.example.com", "/"),
            Probe.https("unknown.example.com", "a.example.com", "/"), Probe.httpsWithoutSni("a.example.com", "/"),
            Probe.http("a.example.com", "/login?next=/home"), Probe.http("B.example.com:8080", "/"),
            Probe.http("a.example.com.", "/r?x=1"),
            Probe.http("plain.example.com", "/"), Probe.http("other.example.com", "/")));
  }

  /** --default-certificate: an unknown SNI gets it instead of a refused handshake. */
  static E2eCase tlsDefaultCertificate() {
    return E2eCase.of("tls-default-certificate", ctx -> tlsServices(ctx)
        + ctx.tlsSecret("ingressc", "default-cert", "default.invalid") + tlsIngress(TWO_TLS_HOSTS),
        List.of(Probe.https("unknown.example.com", "a.example.com", "/"), Probe.httpsWithoutSni("b.example.com", "/"),
            Probe.https("a.example.com", "a.example.com", "/"), Probe.https("plain.example.com", "plain.example.com", "/")))
        .withOptions(o -> o.withDefaultCertificate(new dev.ingressc.SecretRef("ingressc", "default-cert")));
  }

  /**
   * --default-certificate and no TLS host: the HTTPS listener still opens (as ingress-nginx's does)
   * and serves every host with that certificate; plain HTTP is not redirected.
   */
  static E2eCase tlsOnlyDefaultCertificate() {
    return E2eCase.of("tls-only-default-certificate", ctx -> ctx.service(NS, "svc-plain", 80)
        + ctx.tlsSecret("ingressc", "default-cert", "default.invalid")
        + ingress(NS, "plain", "", "", rule("plain.example.com", prefix("/", "svc-plain", 80))),
        List.of(Probe.https("plain.example.com", "plain.example.com", "/x"), Probe.httpsWithoutSni("plain.example.com", "/"),
            Probe.https("other.example.com", "other.example.com", "/"), Probe.http("plain.example.com", "/")))
        .withOptions(o -> o.withDefaultCertificate(new dev.ingressc.SecretRef("ingressc", "default-cert")));
  }

  /** Class parameters turn the https redirect off: plain HTTP to a TLS host is served. */
  static E2eCase tlsWithoutRedirect() {
    return E2eCase.of("tls-no-redirect", ctx -> tlsServices(ctx)
        + ingressClass("ingressc", CompileOptions.DEFAULT_CONTROLLER, true, "no-redirect")
        + parameters("no-redirect", "sslRedirect: false") + tlsIngress(TWO_TLS_HOSTS),
        List.of(Probe.http("a.example.com", "/"), Probe.https("a.example.com", "a.example.com", "/")));
  }

  /** 404 when nothing matches and there is no default backend; 503 when the backend cannot serve. */
  static E2eCase notFoundAndUnavailable() {
    return E2eCase.of("404-and-503", ctx -> ctx.service(NS, "up", 80) + ctx.serviceWithoutReadyEndpoints(NS, "down", 80)
        + ingress(NS, "mixed", rule("app.example.com", prefix("/up", "up", 80), prefix("/down", "down", 80),
            prefix("/missing", "no-such-service", 80), exact("/wrong-port", "up", 81))),
        List.of(Probe.http("app.example.com", "/up"), Probe.http("app.example.com", "/down/x"),
            Probe.http("app.example.com", "/missing"), Probe.http("app.example.com", "/wrong-port"),
            Probe.http("app.example.com", "/nothing"), Probe.http("other.example.com", "/up")));
  }

  /** Only Ingresses of our classes are served: by field, by legacy annotation, and by the default class. */
  static E2eCase ingressClassSelection() {
    String annotated = "  annotations: {kubernetes.io/ingress.class: ours}\n";
    return E2eCase.of("ingress-class", ctx -> ctx.service(NS, "web", 80)
        + ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true, "")
        + ingressClass("theirs", "example.com/other-controller", false, "")
        + ingress(NS, "by-field", "", "  ingressClassName: ours\n", rule("field.example.com", prefix("/", "web", 80)))
        + ingress(NS, "theirs", "", "  ingressClassName: theirs\n", rule("theirs.example.com", prefix("/", "web", 80)))
        + ingress(NS, "by-annotation", annotated, "", rule("annotation.example.com", prefix("/", "web", 80)))
        + ingress(NS, "by-default", rule("default.example.com", prefix("/", "web", 80)))
        + ingress(NS, "unknown-class", "", "  ingressClassName: nobody\n", rule("unknown.example.com", prefix("/", "web", 80))),
        List.of(Probe.http("field.example.com", "/"), Probe.http("theirs.example.com", "/"),
            Probe.http("annotation.example.com", "/"), Probe.http("default.example.com", "/"),
            Probe.http("unknown.example.com", "/")));
  }

  /** Requests spread over three endpoints for each balancing algorithm; client-IP hash sticks to one. */
  static E2eCase loadSpread() {
    StringBuilder classes = new StringBuilder();
    List<Probe> probes = new ArrayList<>();
    String[] algorithms = {"round-robin", "least-connections", "random", "client-ip-hash"};
    for (String lb : algorithms) {
      classes.append(ingressClass("lb-" + lb, CompileOptions.DEFAULT_CONTROLLER, false, "lb-" + lb))
          .append(parameters("lb-" + lb, "loadBalancing: " + lb));
      probes.add(Probe.spread(lb + ".example.com", "/", 30,
          lb.equals("client-ip-hash") ? Probe.Spread.ONE : Probe.Spread.ALL));
    }
    return E2eCase.of("load-spread", ctx -> {
      StringBuilder sb = new StringBuilder(classes);
      for (String lb : algorithms) {
        sb.append(ctx.service(NS, "spread-" + lb, 80, "http", 3))
            .append(ingress(NS, "spread-" + lb, "", "  ingressClassName: lb-" + lb + "\n",
                rule(lb + ".example.com", prefix("/", "spread-" + lb, 80))));
      }
      return sb.toString();
    }, probes);
  }
}
