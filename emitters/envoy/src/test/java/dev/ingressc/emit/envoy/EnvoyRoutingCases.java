package dev.ingressc.emit.envoy;

import dev.ingressc.CompileOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.ingressc.testkit.fixtures.TestCertificates;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.IngressManifest;

/**
 * Envoy's own routing cases, replayed through the Envoy interpreter and compared with the route
 * oracle, in addition to the shared end-to-end list that {@link SharedCasesTest} replays.
 *
 * <p>Where a probe names an expectation, it comes from the Kubernetes concept page and
 * SEMANTICS.md's entries (not from running anything): a Service name, or {@code 404}, {@code 503},
 * {@code 308}, {@code refused}. Every probe, with or without one, is also compared with the oracle.
 */
final class EnvoyRoutingCases {
  static final int HTTP_PORT = 8080;
  static final int HTTPS_PORT = 8443;

  /**
   * A request and, optionally, what the spec says it gets.
   *
   * @param sni the TLS server name for HTTPS, empty for plain HTTP
   */
  record Probe(String host, String path, Optional<String> sni, Optional<String> expect) {
    static Probe http(String host, String path) {
      return new Probe(host, path, Optional.empty(), Optional.empty());
    }

    static Probe http(String host, String path, String expect) {
      return new Probe(host, path, Optional.empty(), Optional.of(expect));
    }

    static Probe https(String sni, String host, String path, String expect) {
      return new Probe(host, path, Optional.of(sni), Optional.ofNullable(expect));
    }

    @Override
    public String toString() {
      return (sni.isPresent() ? "https(sni=" + sni.get() + ") " : "http ") + host + path;
    }
  }

  /** Input manifests, compile options, the ports Envoy listens on, and the requests to replay. */
  record Scenario(String name, String yaml, CompileOptions options, int httpsPort, List<Probe> probes) {
    Scenario(String name, String yaml, List<Probe> probes) {
      this(name, yaml, CompileOptions.defaults(), HTTPS_PORT, probes);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private EnvoyRoutingCases() {}

  /**
   * An Ingress in {@code default} created 2024-01-01: every Ingress of these tests has a creation
   * time, so a conflict is decided by the times a case sets, never by a missing one (the newest).
   */
  static IngressManifest ingress(String name) {
    return Manifests.ingress(name).created("2024-01-01T00:00:00Z");
  }

  static List<Scenario> all() {
    List<Scenario> out = new ArrayList<>();
    out.addAll(pathTable());
    out.addAll(hosts());
    out.add(fanout());
    out.addAll(virtualHosting());
    out.addAll(defaultBackends());
    out.add(conflict());
    out.add(namedPorts());
    out.addAll(tls());
    out.add(unavailable());
    out.add(classSelection());
    out.add(dnsUpstreams());
    out.add(backendProtocols());
    out.add(sourceRanges());
    out.addAll(HostileCases.all());
    return out;
  }

  /** Services svc-1 … svc-n on port 80, each with one ready endpoint, and fallback. */
  static String services(int n) {
    List<String> docs = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      docs.add(Manifests.serviceAndSlice("svc-" + i, 80, 8080, "10.0.0." + i));
    }
    docs.add(Manifests.serviceAndSlice("fallback", 80, 8080, "10.0.9.9"));
    return Manifests.join(docs.toArray(String[]::new));
  }

  /**
   * One scenario per row group of the concept page's path table. Rules on host foo.example, path i
   * to svc-i; the Ingress's default backend is fallback, so "no match" is visible as fallback.
   */
  static List<Scenario> pathTable() {
    List<Scenario> out = new ArrayList<>();
    out.add(paths("prefix /", new String[][] {{"/", "Prefix"}},
        Probe.http("foo.example", "/", "svc-1"), Probe.http("foo.example", "/anything/at/all?x=1", "svc-1")));
    out.add(paths("exact /foo", new String[][] {{"/foo", "Exact"}},
        Probe.http("foo.example", "/foo", "svc-1"), Probe.http("foo.example", "/bar", "fallback"),
        Probe.http("foo.example", "/foo/", "fallback"), Probe.http("foo.example", "/foo?q=/x", "svc-1"),
        Probe.http("foo.example", "/FOO", "fallback")));
    out.add(paths("exact /foo/", new String[][] {{"/foo/", "Exact"}},
        Probe.http("foo.example", "/foo", "fallback"), Probe.http("foo.example", "/foo/", "svc-1")));
    out.add(paths("prefix /foo", new String[][] {{"/foo", "Prefix"}},
        Probe.http("foo.example", "/foo", "svc-1"), Probe.http("foo.example", "/foo/", "svc-1"),
        Probe.http("foo.example", "/foobar", "fallback"), Probe.http("foo.example", "/Foo", "fallback")));
    out.add(paths("prefix /foo/", new String[][] {{"/foo/", "Prefix"}},
        Probe.http("foo.example", "/foo", "svc-1"), Probe.http("foo.example", "/foo/", "svc-1"),
        Probe.http("foo.example", "/foo?a=b", "svc-1")));
    out.add(paths("prefix /aaa/bb", new String[][] {{"/aaa/bb", "Prefix"}},
        Probe.http("foo.example", "/aaa/bbb", "fallback"), Probe.http("foo.example", "/aaa/bb/c", "svc-1")));
    out.add(paths("prefix /aaa/bbb", new String[][] {{"/aaa/bbb", "Prefix"}},
        Probe.http("foo.example", "/aaa/bbb", "svc-1"), Probe.http("foo.example", "/aaa/bbb/", "svc-1"),
        Probe.http("foo.example", "/aaa/bbb/ccc", "svc-1"), Probe.http("foo.example", "/aaa/bbbxyz", "fallback")));
    out.add(paths("prefix /aaa/bbb/", new String[][] {{"/aaa/bbb/", "Prefix"}},
        Probe.http("foo.example", "/aaa/bbb", "svc-1")));
    out.add(paths("prefix / and /aaa", new String[][] {{"/", "Prefix"}, {"/aaa", "Prefix"}},
        Probe.http("foo.example", "/aaa/ccc", "svc-2"), Probe.http("foo.example", "/aaaa", "svc-1")));
    out.add(paths("prefix /, /aaa, /aaa/bbb", new String[][] {{"/", "Prefix"}, {"/aaa", "Prefix"}, {"/aaa/bbb", "Prefix"}},
        Probe.http("foo.example", "/aaa/bbb", "svc-3"), Probe.http("foo.example", "/ccc", "svc-1"),
        Probe.http("foo.example", "/aaa/bb", "svc-2")));
    out.add(paths("prefix /aaa, no match", new String[][] {{"/aaa", "Prefix"}},
        Probe.http("foo.example", "/ccc", "fallback")));
    out.add(paths("mixed /foo Prefix and Exact", new String[][] {{"/foo", "Prefix"}, {"/foo", "Exact"}},
        Probe.http("foo.example", "/foo", "svc-2"), Probe.http("foo.example", "/foo/x", "svc-1")));
    out.add(paths("implementation specific is prefix", new String[][] {{"/docs", "ImplementationSpecific"}},
        Probe.http("foo.example", "/docs/a", "svc-1"), Probe.http("foo.example", "/docsx", "fallback")));
    return out;
  }

  private static Scenario paths(String name, String[][] rules, Probe... probes) {
    IngressManifest ing = ingress("paths").defaultBackend("fallback", 80).rule("foo.example");
    for (int i = 0; i < rules.length; i++) {
      ing.path(rules[i][0], rules[i][1], "svc-" + (i + 1), 80);
    }
    return new Scenario("path table: " + name, Manifests.join(ing.yaml(), services(rules.length)), List.of(probes));
  }

  /** The concept page's host table, with and without a host-less rule, plus case, port and dots. */
  static List<Scenario> hosts() {
    String wildcard = ingress("wild")
        .rule("foo.bar.com").path("/bar", "Prefix", "svc-1", 80)
        .rule("*.foo.com").path("/foo", "Prefix", "svc-2", 80)
        .yaml();
    List<Probe> common = List.of(
        Probe.http("bar.foo.com", "/foo", "svc-2"),
        Probe.http("baz.bar.foo.com", "/foo"),
        Probe.http("foo.com", "/foo"),
        Probe.http("BAR.Foo.COM", "/foo/x", "svc-2"),
        Probe.http("bar.foo.com:8080", "/foo", "svc-2"),
        Probe.http("bar.foo.com.", "/foo", "svc-2"),
        Probe.http("bar.foo.com.:80", "/foo", "svc-2"),
        Probe.http("bar.foo.com", "/other"),
        Probe.http("foo.bar.com", "/bar", "svc-1"),
        Probe.http("FOO.BAR.COM:80", "/bar", "svc-1"),
        Probe.http("foo.bar.com", "/foo"),
        Probe.http("x.y.z.foo.com", "/any"),
        Probe.http(".foo.com", "/foo"),
        Probe.http("a-b.foo.com", "/foo", "svc-2"));
    List<Probe> withoutCatchAll = new ArrayList<>(common);
    withoutCatchAll.add(Probe.http("baz.bar.foo.com", "/foo", "404"));
    withoutCatchAll.add(Probe.http("foo.com", "/foo", "404"));
    List<Probe> withCatchAll = new ArrayList<>(common);
    withCatchAll.add(Probe.http("baz.bar.foo.com", "/foo", "svc-3"));
    withCatchAll.add(Probe.http("foo.com", "/foo", "svc-3"));
    withCatchAll.add(Probe.http("bar.foo.com", "/other", "fallback"));
    withCatchAll.add(Probe.http("deep.bar.foo.com", "/nothing-here"));
    String catchAll = ingress("catch-all").defaultBackend("fallback", 80).rule(null)
        .path("/foo", "Prefix", "svc-3", 80).path("/other", "Prefix", "svc-3", 80).yaml();
    String nested = ingress("nested")
        .rule("*.foo.com").path("/", "Prefix", "svc-1", 80)
        .rule("*.bar.foo.com").path("/", "Prefix", "svc-2", 80)
        .rule("exact.bar.foo.com").path("/", "Prefix", "svc-3", 80)
        .yaml();
    return List.of(
        new Scenario("wildcard host, no host-less rule", Manifests.join(wildcard, services(3)), withoutCatchAll),
        new Scenario("wildcard host with a host-less rule and a default backend",
            Manifests.join(wildcard, catchAll, services(3)), withCatchAll),
        new Scenario("nested wildcards", Manifests.join(nested, services(3)), List.of(
            Probe.http("a.foo.com", "/", "svc-1"),
            Probe.http("a.bar.foo.com", "/", "svc-2"),
            Probe.http("exact.bar.foo.com", "/", "svc-3"),
            Probe.http("b.a.bar.foo.com", "/", "404"),
            Probe.http("b.a.foo.com", "/", "404"),
            Probe.http("bar.foo.com", "/", "svc-1"))));
  }

  /** The concept page's simple fanout. */
  static Scenario fanout() {
    String yaml = Manifests.join(ingress("simple-fanout-example")
        .rule("foo.bar.com").path("/foo", "Prefix", "service1", 4200).path("/bar", "Prefix", "service2", 8080)
        .yaml(), Manifests.serviceAndSlice("service1", 4200, 4200, "10.1.0.1", "10.1.0.2"), Manifests.serviceAndSlice("service2", 8080, 9090, "10.2.0.1"));
    return new Scenario("simple fanout", yaml, List.of(
        Probe.http("foo.bar.com", "/foo", "service1"), Probe.http("foo.bar.com", "/foo/x", "service1"),
        Probe.http("foo.bar.com", "/bar", "service2"), Probe.http("foo.bar.com", "/baz", "404"),
        Probe.http("other.com", "/foo", "404")));
  }

  /** Name-based virtual hosting, without and with the host-less rule. */
  static List<Scenario> virtualHosting() {
    IngressManifest ing = ingress("name-virtual-host-ingress")
        .rule("foo.bar.com").path("/", "Prefix", "svc-1", 80)
        .rule("bar.foo.com").path("/", "Prefix", "svc-2", 80);
    String plain = ing.yaml();
    String withAny = ingress("name-virtual-host-ingress-no-third-host")
        .rule("foo.bar.com").path("/", "Prefix", "svc-1", 80)
        .rule("bar.foo.com").path("/", "Prefix", "svc-2", 80)
        .rule(null).path("/", "Prefix", "svc-3", 80)
        .yaml();
    return List.of(
        new Scenario("name-based virtual hosting", Manifests.join(plain, services(2)), List.of(
            Probe.http("foo.bar.com", "/", "svc-1"), Probe.http("bar.foo.com", "/x", "svc-2"),
            Probe.http("baz.com", "/", "404"))),
        new Scenario("name-based virtual hosting with a host-less rule", Manifests.join(withAny, services(3)), List.of(
            Probe.http("foo.bar.com", "/", "svc-1"), Probe.http("bar.foo.com", "/x", "svc-2"),
            Probe.http("baz.com", "/", "svc-3"), Probe.http("10.0.0.1", "/", "svc-3"),
            Probe.http("[::1]:8080", "/", "svc-3"))));
  }

  /** The Ingress's own default backend, the controller's, and both. */
  static List<Scenario> defaultBackends() {
    String onlyDefault = ingress("minimal").defaultBackend("svc-1", 80).yaml();
    String rules = ingress("rules").rule("foo.example").path("/app", "Prefix", "svc-2", 80).yaml();
    CompileOptions controllerDefault = CompileOptions.defaults().withDefaultBackend(new dev.ingressc.ir.BackendRef.ServicePort("default", "fallback", 80, ""));
    return List.of(
        new Scenario("Ingress defaultBackend only", Manifests.join(onlyDefault, services(2)), List.of(
            Probe.http("anything.example", "/", "svc-1"), Probe.http("foo.example", "/deep/path?q", "svc-1"))),
        new Scenario("controller default backend", Manifests.join(rules, services(2)), controllerDefault, HTTPS_PORT,
            List.of(Probe.http("foo.example", "/app", "svc-2"), Probe.http("foo.example", "/other", "fallback"),
                Probe.http("elsewhere.example", "/", "fallback"))),
        new Scenario("Ingress default backend beats the controller's", Manifests.join(onlyDefault, rules, services(2)),
            controllerDefault, HTTPS_PORT, List.of(Probe.http("foo.example", "/app", "svc-2"),
                Probe.http("foo.example", "/other", "svc-1"))),
        new Scenario("controller default backend without its Service", rules, controllerDefault, HTTPS_PORT,
            List.of(Probe.http("elsewhere.example", "/", "503"))));
  }

  /** Two Ingresses claim the same host and path: the older one wins. */
  static Scenario conflict() {
    String newer = ingress("newer").created("2024-06-01T00:00:00Z")
        .rule("foo.example").path("/api", "Prefix", "svc-2", 80).path("/new", "Exact", "svc-2", 80).yaml();
    String older = ingress("older").created("2023-01-01T00:00:00Z")
        .rule("foo.example").path("/api", "Prefix", "svc-1", 80).yaml();
    return new Scenario("conflict: older Ingress wins", Manifests.join(newer, older, services(2)), List.of(
        Probe.http("foo.example", "/api/x", "svc-1"), Probe.http("foo.example", "/new", "svc-2")));
  }

  /** A backend by port name resolves through the Service to its EndpointSlice port. */
  static Scenario namedPorts() {
    String yaml = Manifests.join(ingress("named").rule("foo.example").pathNamedPort("/", "Prefix", "web", "http")
        .path("/admin", "Prefix", "web", 9000).yaml(),
        Manifests.namedServiceAndSlice("web", "http", 80, 8080, "10.3.0.1", "10.3.0.2", "!10.3.0.3"),
        Manifests.serviceWithPortName("ignored", "", 1));
    return new Scenario("named ports", yaml, List.of(Probe.http("foo.example", "/", "web"),
        Probe.http("foo.example", "/admin", "503")));
  }

  /** Two SNI hosts, a wildcard TLS host, the redirect, and a default certificate. */
  static List<Scenario> tls() {
    TestCertificates.Pem a = TestCertificates.forHosts("a.example");
    TestCertificates.Pem b = TestCertificates.forHosts("b.example");
    TestCertificates.Pem w = TestCertificates.forHosts("*.w.example");
    TestCertificates.Pem d = TestCertificates.forHosts("default.example");
    String secrets = Manifests.join(Manifests.tlsSecret("default", "a-tls", a.certificate(), a.key()),
        Manifests.tlsSecret("default", "b-tls", b.certificate(), b.key()), Manifests.tlsSecret("default", "w-tls", w.certificate(), w.key()),
        Manifests.tlsSecret("default", "default-tls", d.certificate(), d.key()));
    String ing = ingress("tls").tls("a-tls", "a.example").tls("b-tls", "b.example").tls("w-tls", "*.w.example")
        .rule("a.example").path("/", "Prefix", "svc-1", 80)
        .rule("b.example").path("/", "Prefix", "svc-2", 80)
        .rule("*.w.example").path("/", "Prefix", "svc-3", 80)
        .rule("plain.example").path("/", "Prefix", "svc-4", 80)
        .yaml();
    List<Probe> probes = List.of(
        Probe.http("a.example", "/x?y=1", "308"),
        Probe.http("A.Example:8080", "/x", "308"),
        Probe.http("a.example:80", "/", "308"),
        Probe.http("x.w.example", "/p?q", "308"),
        Probe.http("X.W.Example:8080", "/p", "308"),
        Probe.http("x.w.example:80", "/p", "308"),
        Probe.http("deep.x.w.example", "/p", "404"),
        Probe.http("plain.example", "/", "svc-4"),
        Probe.https("a.example", "a.example", "/x", "svc-1"),
        Probe.https("b.example", "b.example", "/", "svc-2"),
        Probe.https("b.example", "a.example", "/", "svc-1"),
        Probe.https("x.w.example", "x.w.example", "/", "svc-3"),
        Probe.https("a.example", "plain.example", "/", "svc-4"),
        Probe.https("a.example", "unknown.example", "/", "404"),
        Probe.https("unknown.example", "a.example", "/", null),
        Probe.https("w.example", "a.example", "/", null));
    String redirectOff = ingress("tls").className("no-redirect").tls("a-tls", "a.example")
        .rule("a.example").path("/", "Prefix", "svc-1", 80).yaml();
    CompileOptions defaultCert = CompileOptions.defaults().withDefaultCertificate(new dev.ingressc.SecretRef("default", "default-tls"));
    return List.of(
        new Scenario("TLS: two SNI hosts, a wildcard, redirect", Manifests.join(ing, secrets, services(4)), probes),
        new Scenario("TLS on port 443", Manifests.join(ing, secrets, services(4)), CompileOptions.defaults(), 443, probes),
        new Scenario("TLS with a default certificate", Manifests.join(ing, secrets, services(4)), defaultCert, HTTPS_PORT,
            List.of(Probe.https("unknown.example", "a.example", "/", "svc-1"),
                Probe.https("a.example", "a.example", "/", "svc-1"),
                Probe.https("unknown.example", "nothing.example", "/", "404"))),
        new Scenario("TLS with redirect off", Manifests.join(redirectOff, Manifests.ingressClassWithConfigMap("no-redirect", "ssl-redirect=false"),
            secrets, services(1)), List.of(Probe.http("a.example", "/", "svc-1"),
                Probe.https("a.example", "a.example", "/", "svc-1"))),
        new Scenario("default certificate only", Manifests.join(ingress("plain").rule("foo.example")
            .path("/", "Prefix", "svc-1", 80).yaml(), secrets, services(1)), defaultCert, HTTPS_PORT,
            List.of(Probe.https("anything.example", "foo.example", "/", "svc-1"),
                Probe.http("foo.example", "/", "svc-1"))));
  }

  /** No ready endpoint, a missing Service: 503, on a route and as the default backend. */
  static Scenario unavailable() {
    String yaml = Manifests.join(ingress("down").defaultBackend("missing", 80)
        .rule("foo.example").path("/down", "Prefix", "down", 80).path("/up", "Prefix", "svc-1", 80).yaml(),
        Manifests.serviceAndSlice("down", 80, 8080, "!10.9.0.1"), services(1));
    return new Scenario("503 for unavailable backends", yaml, List.of(
        Probe.http("foo.example", "/down", "503"), Probe.http("foo.example", "/up", "svc-1"),
        Probe.http("foo.example", "/other", "503"), Probe.http("x.example", "/", "503")));
  }

  /**
   * Source ranges (SEMANTICS.md), seen from the one client these probes connect from, 127.0.0.1:
   * let in by one Ingress, kept out by another (plain and TLS); its https redirect and another
   * Ingress's path on the same host are not guarded. {@code SourceRangesTest} varies the client.
   */
  static Scenario sourceRanges() {
    TestCertificates.Pem s = TestCertificates.forHosts("s.example");
    String a = "nginx.ingress.kubernetes.io/";
    String yaml = Manifests.join(
        ingress("in").annotation(a + "allowlist-source-range", "127.0.0.0/8").rule("in.example")
            .path("/", "Prefix", "svc-1", 80).yaml(),
        ingress("out").annotation(a + "denylist-source-range", "127.0.0.1/32, 10.0.0.0/8").tls("s-tls", "s.example")
            .rule("out.example").path("/", "Prefix", "svc-1", 80).rule("s.example").path("/", "Prefix", "svc-2", 80).yaml(),
        ingress("open").rule("out.example").path("/open", "Prefix", "svc-2", 80).yaml(),
        Manifests.tlsSecret("default", "s-tls", s.certificate(), s.key()), services(2));
    return new Scenario("source ranges", yaml, List.of(
        Probe.http("in.example", "/", "svc-1"), Probe.http("out.example", "/", "403"),
        Probe.http("out.example", "/open", "svc-2"), Probe.http("s.example", "/", "308"),
        Probe.https("s.example", "s.example", "/", "403")));
  }

  /** Only Ingresses of our classes are compiled. */
  static Scenario classSelection() {
    String theirs = "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: theirs\nspec:\n"
        + "  controller: example.com/other-controller\n";
    String yaml = Manifests.join(Manifests.ingressClassWithConfigMap("ours"), theirs,
        ingress("mine").className("ours").rule("mine.example").path("/", "Prefix", "svc-1", 80).yaml(),
        ingress("other").className("theirs").rule("other.example").path("/", "Prefix", "svc-2", 80).yaml(),
        services(2));
    return new Scenario("class selection", yaml, List.of(
        Probe.http("mine.example", "/", "svc-1"), Probe.http("other.example", "/", "404")));
  }

  /** The backend-protocol annotation: gRPC and TLS clusters, a DNS one among them; routing is unchanged. */
  static Scenario backendProtocols() {
    String key = "nginx.ingress.kubernetes.io/backend-protocol";
    String yaml = Manifests.join(
        ingress("grpc").annotation(key, "GRPC").rule("grpc.example").path("/", "Prefix", "svc-1", 80).yaml(),
        ingress("grpcs").annotation(key, "grpcs").rule("grpcs.example").path("/", "Prefix", "svc-2", 80).yaml(),
        ingress("https").annotation(key, "HTTPS").rule("https.example").path("/", "Prefix", "svc-3", 80)
            .path("/ext", "Prefix", "ext", 443).yaml(),
        ingress("plain").rule("plain.example").path("/", "Prefix", "svc-4", 80).yaml(),
        Manifests.externalName("ext", "api.partner.example", 443), services(4));
    return new Scenario("backend protocols", yaml, List.of(
        Probe.http("grpc.example", "/helloworld.Greeter/SayHello", "svc-1"), Probe.http("grpcs.example", "/x", "svc-2"),
        Probe.http("https.example", "/", "svc-3"), Probe.http("https.example", "/ext/x", "ext"),
        Probe.http("plain.example", "/", "svc-4")));
  }

  /** ExternalName and the cluster-DNS fallback become DNS clusters. */
  static Scenario dnsUpstreams() {
    String yaml = Manifests.join(ingress("dns").rule("foo.example")
        .path("/ext", "Prefix", "ext", 443).path("/noslice", "Prefix", "noslice", 80).yaml(),
        Manifests.externalName("ext", "api.partner.example", 443), Manifests.serviceWithPortName("noslice", "", 80));
    return new Scenario("DNS upstreams", yaml, List.of(
        Probe.http("foo.example", "/ext/x", "ext"), Probe.http("foo.example", "/noslice", "noslice")));
  }
}
