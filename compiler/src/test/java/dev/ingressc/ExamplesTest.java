package dev.ingressc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.BackendRef;
import dev.ingressc.ir.Endpoint;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Route;
import dev.ingressc.ir.RouteSettings;
import dev.ingressc.ir.TlsCertificate;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.UpstreamKind;
import dev.ingressc.route.RouteAnswer;
import dev.ingressc.route.RouteOracle;
import dev.ingressc.route.RouteRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compiles every directory under {@code examples/} on its own and checks that it is clean (no
 * error, no warning) and that requests route as the Kubernetes Ingress concept page says they do.
 * The expected backends come from the concept page, not from running the compiler.
 */
class ExamplesTest {
  private static final List<String> EXAMPLES = List.of(
      "minimal",
      "simple-fanout",
      "name-virtual-host",
      "name-virtual-host-catch-all",
      "wildcard-host",
      "tls",
      "resource-backend",
      "ingress-class-parameters-cluster",
      "ingress-class-parameters-namespace");

  /** Ingresses as written for ingress-nginx: not clean by design, it shows what ingressc says of them. */
  private static final String MIGRATION = "ingress-nginx-migration";

  /** The repository root: Surefire sets ingressc.repo.root; else the module's parent directory. */
  static Path repoRoot() {
    String prop = System.getProperty("ingressc.repo.root", "");
    Path moduleDir = Path.of(System.getProperty("user.dir"));
    return Stream.of(prop.isBlank() ? null : Path.of(prop), moduleDir.resolve(".."), moduleDir)
        .filter(p -> p != null && Files.isDirectory(p.resolve("examples")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no examples/ directory under " + prop + " or " + moduleDir + "/.."))
        .toAbsolutePath()
        .normalize();
  }

  static Path examplesDir() {
    return repoRoot().resolve("examples");
  }

  /** Compiles one example directory and asserts that it gives no error and no warning. */
  static IngressIR compileClean(String example) {
    return compileCleanWithEndpoints(example).ir();
  }

  /** As {@link #compileClean}, with the endpoints table. */
  static Compiler.Compilation compileCleanWithEndpoints(String example) {
    Path dir = examplesDir().resolve(example);
    assertThat(dir).as("example directory").isDirectory();
    Compiler.Compilation c = Compiler.compileFiles(List.of(dir.toString()), new ByteArrayInputStream(new byte[0]),
        CompileOptions.defaults());
    List<Diagnostic> problems = c.diagnostics().list().stream()
        .filter(d -> d.severity() == Severity.ERROR || d.severity() == Severity.WARNING)
        .toList();
    String all = c.diagnostics().list().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    assertThat(problems).as("errors and warnings compiling examples/%s; all diagnostics:%n%s", example, all).isEmpty();
    assertThat(c.unreadable()).as("examples/%s unreadable", example).isFalse();
    assertThat(c.takenIngresses()).as("Ingresses taken from examples/%s; all diagnostics:%n%s", example, all)
        .isNotEmpty();
    return c;
  }

  static RouteAnswer http(IngressIR ir, String host, String path) {
    return new RouteOracle(ir).route(RouteRequest.http(host, path));
  }

  static RouteAnswer https(IngressIR ir, String host, String path) {
    return new RouteOracle(ir).route(RouteRequest.https(host, path, host));
  }

  /** Asserts a 200 to {@code default/service:port}. */
  static void assertService(RouteAnswer a, String service, int port) {
    assertThat(a.status()).as("status; why: %s", a.explanation()).isEqualTo(200);
    assertThat(a.backend()).as("backend; why: %s", a.explanation()).isPresent();
    assertThat(a.backend().get().ref()).as("backend; why: %s", a.explanation())
        .isEqualTo(new BackendRef.ServicePort("default", service, port, ""));
  }

  static void assertNotFound(RouteAnswer a) {
    assertThat(a.status()).as("status; why: %s", a.explanation()).isEqualTo(404);
    assertThat(a.backend()).isEmpty();
  }

  static List<Endpoint> endpoints(Compiler.Compilation c, RouteAnswer a) {
    return c.endpoints().of(a.backend().orElseThrow().upstream());
  }

  static Upstream upstream(IngressIR ir, RouteAnswer a) {
    return ir.upstream(a.backend().orElseThrow().upstream()).orElseThrow();
  }

  @Test
  void everyExampleDirectoryIsTestedAndListedInTheReadme() throws IOException {
    List<String> dirs;
    try (Stream<Path> s = Files.list(examplesDir())) {
      dirs = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<String> all = new java.util.ArrayList<>(EXAMPLES);
    all.add(MIGRATION);
    assertThat(dirs).containsExactlyInAnyOrderElementsOf(all);
    String readme = Files.readString(examplesDir().resolve("README.md"));
    for (String e : all) {
      assertThat(readme).as("examples/README.md mentions %s", e).contains("`" + e + "/`");
    }
  }

  @Test
  void everyExampleCompilesCleanly() {
    for (String e : EXAMPLES) {
      compileClean(e);
    }
  }

  /**
   * The migration example: what ingressc cannot honour is never served open (the oauth2-protected
   * dashboard, the snippet API); the shop's canary is honoured (SEMANTICS.md, Canaries), and so are
   * the metrics' source ranges (SEMANTICS.md, Source ranges) and the search API's rate limit
   * (SEMANTICS.md, Rate limits).
   */
  @Test
  void ingressNginxMigrationFailsClosed() {
    Compiler.Compilation c = Compiler.compileFiles(List.of(examplesDir().resolve(MIGRATION).toString()),
        new ByteArrayInputStream(new byte[0]), CompileOptions.defaults());
    assertThat(c.takenIngresses()).containsExactly("default/shop-canary", "default/dashboard", "default/greeter", "default/shop",
        "default/metrics", "default/search");
    IngressIR ir = c.ir();
    RouteOracle oracle = new RouteOracle(ir);
    assertService(oracle.route(RouteRequest.http("shop.example.com", "/").withHeaders(java.util.Map.of("X-Canary",
        "never"))), "shop", 80);
    assertService(oracle.route(RouteRequest.http("shop.example.com", "/").withHeaders(java.util.Map.of("X-Canary",
        "always"))), "shop-next", 80);
    assertThat(http(ir, "shop.example.com", "/").canary().orElseThrow().weight()).isEqualTo(50);
    // backend-protocol is honoured: the greeter's upstream speaks gRPC.
    assertThat(upstream(ir, https(ir, "grpc.example.com", "/helloworld.Greeter/SayHello")).protocol())
        .isEqualTo(dev.ingressc.ir.BackendProtocol.GRPC);
    // External auth is honoured: oauth2-proxy decides, a 401 goes to its sign-in page with the URL.
    assertService(oracle.route(RouteRequest.http("dashboard.example.com", "/").withAuthStatus(202)), "dashboard", 80);
    RouteAnswer signIn = oracle.route(RouteRequest.http("dashboard.example.com", "/a?b=1").withAuthStatus(401));
    assertThat(signIn.status()).isEqualTo(302);
    assertThat(signIn.location()).contains("https://oauth2.example.com/oauth2/start?rd=%2Fa%3Fb%3D1");
    assertThat(http(ir, "api.example.com", "/v1/x").status()).isEqualTo(404);
    assertService(oracle.route(RouteRequest.http("metrics.example.com", "/").withSource("10.1.2.3")), "metrics", 80);
    assertThat(oracle.route(RouteRequest.http("metrics.example.com", "/").withSource("203.0.113.9")).status())
        .isEqualTo(403);
    assertService(oracle.route(RouteRequest.http("search.example.com", "/q")), "search", 80);
    assertThat(http(ir, "search.example.com", "/q").route().orElseThrow().rateLimit())
        .contains(new dev.ingressc.ir.RateLimit(10, false, 50));
  }

  @Test
  void minimal() {
    Compiler.Compilation compiled = compileCleanWithEndpoints("minimal");
    IngressIR ir = compiled.ir();
    // No host: the rule applies to all inbound HTTP traffic.
    assertService(http(ir, "203.0.113.123", "/testpath/x"), "test", 80);
    assertService(http(ir, "anything.example", "/testpath"), "test", 80);
    assertService(http(ir, "anything.example", "/testpath/"), "test", 80);
    assertService(http(ir, "anything.example", "/testpath?q=1"), "test", 80);
    // Prefix matches whole path elements only.
    assertNotFound(http(ir, "anything.example", "/testpathx"));
    assertNotFound(http(ir, "anything.example", "/"));
    RouteAnswer a = http(ir, "x", "/testpath/x");
    assertThat(upstream(ir, a).kind()).isEqualTo(UpstreamKind.STATIC);
    assertThat(endpoints(compiled, a))
        .containsExactly(new Endpoint("10.244.1.12", 8080), new Endpoint("10.244.2.7", 8080));
  }

  @Test
  void simpleFanout() {
    Compiler.Compilation compiled = compileCleanWithEndpoints("simple-fanout");
    IngressIR ir = compiled.ir();
    assertService(http(ir, "foo.bar.com", "/foo"), "service1", 4200);
    assertService(http(ir, "foo.bar.com", "/foo/index.html"), "service1", 4200);
    assertService(http(ir, "foo.bar.com", "/bar"), "service2", 8080);
    assertService(http(ir, "foo.bar.com", "/bar/"), "service2", 8080);
    assertNotFound(http(ir, "foo.bar.com", "/foobar"));
    assertNotFound(http(ir, "foo.bar.com", "/"));
    assertNotFound(http(ir, "bar.foo.com", "/foo"));
    assertThat(endpoints(compiled, http(ir, "foo.bar.com", "/foo")))
        .extracting(Endpoint::port).containsOnly(4200);
    assertThat(endpoints(compiled, http(ir, "foo.bar.com", "/bar")))
        .extracting(Endpoint::port).containsOnly(8080);
  }

  @Test
  void nameVirtualHost() {
    IngressIR ir = compileClean("name-virtual-host");
    assertService(http(ir, "foo.bar.com", "/"), "service1", 80);
    assertService(http(ir, "foo.bar.com", "/any/path"), "service1", 80);
    assertService(http(ir, "FOO.bar.com:8080", "/"), "service1", 80);
    assertService(http(ir, "bar.foo.com", "/any/path"), "service2", 80);
    // No host-less rule and no default backend: an unknown host gets 404.
    assertNotFound(http(ir, "unknown.example.com", "/"));
    assertNotFound(http(ir, "203.0.113.123", "/"));
  }

  @Test
  void nameVirtualHostCatchAll() {
    IngressIR ir = compileClean("name-virtual-host-catch-all");
    assertService(http(ir, "first.bar.com", "/"), "service1", 80);
    assertService(http(ir, "second.bar.com", "/x"), "service2", 80);
    // The rule without a host takes every other Host, including a bare IP address.
    assertService(http(ir, "unknown.example.com", "/"), "service3", 80);
    assertService(http(ir, "203.0.113.123", "/"), "service3", 80);
    assertThat(http(ir, "unknown.example.com", "/").virtualHost()).contains("*");
  }

  @Test
  void wildcardHost() {
    IngressIR ir = compileClean("wildcard-host");
    assertService(http(ir, "foo.bar.com", "/bar"), "service1", 80);
    assertService(http(ir, "foo.bar.com", "/bar/baz"), "service1", 80);
    assertService(http(ir, "bar.foo.com", "/foo"), "service2", 80);
    assertService(http(ir, "baz.foo.com", "/foo"), "service2", 80);
    assertService(http(ir, "baz.foo.com", "/foo/x"), "service2", 80);
    // The wildcard covers exactly one DNS label.
    assertNotFound(http(ir, "a.b.foo.com", "/foo"));
    assertNotFound(http(ir, "baz.bar.foo.com", "/foo"));
    assertNotFound(http(ir, "foo.com", "/foo"));
    // Each host only has its own paths.
    assertNotFound(http(ir, "baz.foo.com", "/bar"));
    assertNotFound(http(ir, "foo.bar.com", "/foo"));
  }

  @Test
  void tls() {
    IngressIR ir = compileClean("tls");
    RouteAnswer a = https(ir, "https-example.foo.com", "/");
    assertService(a, "service1", 80);
    assertThat(a.certificate()).contains("default/testsecret-tls");
    assertService(https(ir, "https-example.foo.com", "/any/path"), "service1", 80);

    TlsCertificate cert = ir.certificates().stream().filter(c -> c.id().equals("default/testsecret-tls"))
        .findFirst().orElseThrow();
    assertThat(cert.hosts()).containsExactly("https-example.foo.com");
    assertThat(cert.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(365L * 50)));

    // Plain HTTP to a TLS host is redirected (the default class parameters have ssl-redirect on).
    RouteAnswer plain = http(ir, "https-example.foo.com", "/path?q=1");
    assertThat(plain.status()).as("why: %s", plain.explanation()).isEqualTo(308);
    assertThat(plain.location()).contains("https://https-example.foo.com/path?q=1");
    assertThat(plain.backend()).isEmpty();

    // An SNI that no TLS host claims, with no default certificate, is refused.
    assertThat(https(ir, "other.foo.com", "/").status()).isEqualTo(RouteAnswer.HANDSHAKE_REFUSED);
  }

  @Test
  void resourceBackend() {
    Compiler.Compilation compiled = compileCleanWithEndpoints("resource-backend");
    IngressIR ir = compiled.ir();
    BackendRef icons = new BackendRef.Resource("default", "k8s.example.com", "StorageBucket", "icon-assets");
    BackendRef assets = new BackendRef.Resource("default", "k8s.example.com", "StorageBucket", "static-assets");

    RouteAnswer a = http(ir, "any.example.com", "/icons/logo.png");
    assertThat(a.status()).as("why: %s", a.explanation()).isEqualTo(200);
    assertThat(a.backend().orElseThrow().ref()).isEqualTo(icons);
    assertThat(a.route().orElseThrow().declaredPathType()).isEqualTo("ImplementationSpecific");
    assertThat(upstream(ir, a).kind()).isEqualTo(UpstreamKind.DNS);
    assertThat(endpoints(compiled, a))
        .containsExactly(new Endpoint("icon-assets.buckets.storage.svc.cluster.local", 9000));
    assertThat(http(ir, "any.example.com", "/icons").backend().orElseThrow().ref()).isEqualTo(icons);

    // Everything else falls through to spec.defaultBackend.
    for (String path : List.of("/", "/index.html", "/iconsx")) {
      RouteAnswer d = http(ir, "any.example.com", path);
      assertThat(d.status()).as("%s; why: %s", path, d.explanation()).isEqualTo(200);
      assertThat(d.route()).as(path).isEmpty();
      assertThat(d.backend().orElseThrow().ref()).as(path).isEqualTo(assets);
      assertThat(endpoints(compiled, d))
          .containsExactly(new Endpoint("static-assets.buckets.storage.svc.cluster.local", 9000));
    }
    assertThat(ir.defaultBackend().orElseThrow().ref()).isEqualTo(assets);
  }

  @Test
  void ingressClassParametersCluster() {
    IngressIR ir = compileClean("ingress-class-parameters-cluster");
    RouteAnswer a = http(ir, "any.example.com", "/x");
    assertService(a, "web", 80);
    Route r = a.route().orElseThrow();
    assertThat(r.settings()).isEqualTo(new RouteSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), 8L << 20));
    assertThat(upstream(ir, a).loadBalancing()).isEqualTo(LoadBalancing.LEAST_CONNECTIONS);
  }

  @Test
  void ingressClassParametersNamespace() {
    IngressIR ir = compileClean("ingress-class-parameters-namespace");
    RouteAnswer a = http(ir, "any.example.com", "/x");
    assertService(a, "web", 80);
    Route r = a.route().orElseThrow();
    assertThat(r.settings()).isEqualTo(new RouteSettings(Duration.ofSeconds(10), Duration.ofMinutes(2), 64L << 20));
    assertThat(upstream(ir, a).loadBalancing()).isEqualTo(LoadBalancing.CLIENT_IP_HASH);
  }
}
