package dev.ingressc;

import static dev.ingressc.testkit.fixtures.Manifests.endpointSlice;
import static dev.ingressc.testkit.fixtures.Manifests.ingress;
import static dev.ingressc.testkit.fixtures.Manifests.ingressClass;
import static dev.ingressc.testkit.fixtures.Manifests.join;
import static dev.ingressc.testkit.fixtures.Manifests.ready;
import static dev.ingressc.testkit.fixtures.Manifests.service;
import static dev.ingressc.testkit.fixtures.Manifests.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.load.Loader;
import dev.ingressc.load.ParsedFiles;
import dev.ingressc.testkit.fixtures.Manifests.Ep;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile that keeps a {@link CompileCache} (and {@link ParsedFiles}) across passes over files, as
 * the sidecar does, gives after every edit exactly what a fresh compile of the same input gives: the
 * same IR, the same diagnostics (object, file, line, field, message), the same taken Ingresses.
 * Every edit changes the fresh result, so a cache that served the previous pass's answer would fail.
 */
class IncrementalFileCompileTest extends IncrementalCompileFixture {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final TestCerts.Cert AB = TestCerts.cert().cn("a.example.com")
      .san("a.example.com", "b.example.com", "www.example.com").notBefore(START).validityDays(365).generate();
  private static final TestCerts.Cert OTHER = TestCerts.cert().cn("other.example.com")
      .san("other.example.com").notBefore(START).validityDays(365).generate();

  @TempDir
  Path dir;

  private final ParsedFiles parsed = new ParsedFiles();

  private void write(String file, String... docs) throws IOException {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.writeString(tmp, join(docs));
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void delete(String file) throws IOException {
    Files.delete(dir.resolve(file));
  }

  private static String authSecret(String htpasswd) {
    return "apiVersion: v1\nkind: Secret\nmetadata: {name: users, namespace: default}\nstringData: {auth: '"
        + htpasswd + "'}\n";
  }

  private static String web(String host, String path) {
    return ingress("a").rule(host).path(path, "Prefix", "web", 80).yaml();
  }

  /**
   * Classes "ours" (the default; with {@code trusting}, its parameters trust proxies in front) and
   * "tuned" (least-connections).
   */
  private void writeClasses(boolean trusting) throws IOException {
    String params = "  parameters:\n    apiGroup: ingressc.dev\n    kind: IngressParameters\n    name: %s\n";
    List<String> docs = new ArrayList<>();
    if (trusting) {
      docs.add(ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true, params.formatted("lb")));
      docs.add("apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata: {name: lb}\n"
          + "spec: {useForwardedHeaders: \"true\", proxyRealIpCidr: 10.0.0.0/8}\n");
    } else {
      docs.add(ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true));
    }
    docs.add(ingressClass("tuned", CompileOptions.DEFAULT_CONTROLLER, false, params.formatted("fast")));
    docs.add("apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata: {name: fast}\n"
        + "spec: {loadBalancing: least-connections}\n");
    write("classes.yaml", docs.toArray(String[]::new));
  }

  private Outcome previous;

  /** Compiles incrementally and from scratch; both must agree, and differ from the step before. */
  private Outcome step(String what) {
    List<String> paths = List.of(dir.toString());
    Outcome cached = Outcome.of(Compiler.compileLoaded(Loader.load(paths, parsed), OPTIONS, cache));
    Outcome fresh = Outcome.of(Compiler.compileLoaded(Loader.load(paths, InputStream.nullInputStream()), OPTIONS));
    assertThat(cached).as(what).isEqualTo(fresh);
    assertThat(fresh).as(what + ": the edit must change the result, or a stale cache would go unnoticed")
        .isNotEqualTo(previous);
    previous = fresh;
    return fresh;
  }

  /** How many hosts the cached compile built (did not keep) in {@code edit}'s step. */
  private long hostsBuilt(String what) {
    long before = cache.normalize().hostsBuilt();
    step(what);
    return cache.normalize().hostsBuilt() - before;
  }

  private static String at(String name, String created, String host, String path, String service) {
    return ingress(name).created(created).rule(host).path(path, "Prefix", service, 80).yaml();
  }

  /**
   * Edits aimed at the hosts a pass keeps and the ones it builds again: who wins a contested path
   * (by age, then namespace/name), rules moving between hosts, Services and EndpointSlices shared
   * by many hosts, TLS, default backends, classes whose load balancing differs on a shared
   * upstream, deletes. Many other hosts stay as they are throughout.
   */
  @Test
  void hostScopedReuseGivesWhatAFreshCompileGives() throws IOException {
    String t0 = "2020-01-01T00:00:00Z";
    String t1 = "2021-01-01T00:00:00Z";
    String t2 = "2022-01-01T00:00:00Z";
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      others.add(at("other" + i, t1, "h" + i + ".example.com", "/", i % 2 == 0 ? "web" : "api"));
    }
    write("others.yaml", others.toArray(String[]::new));
    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1")));
    write("api.yaml", service("api", 80), endpointSlice("default", "api-1", "api", null, 8080, ready("10.0.1.1")));
    write("a.yaml", at("a", t1, "a.example.com", "/", "web"));
    write("b.yaml", at("b", t1, "b.example.com", "/", "web"));
    write("e.yaml", at("e", t2, "b.example.com", "/", "api"));
    write("d.yaml", at("d", t2, "d.example.com", "/", "api"));
    step("start: e loses b.example.com / to b");

    write("n.yaml", at("n", t2, "a.example.com", "/", "api"));
    assertThat(hostsBuilt("a newer Ingress claims a's host and path, and loses")).isEqualTo(1);

    write("o.yaml", at("o", t0, "a.example.com", "/", "api"));
    assertThat(hostsBuilt("an older Ingress claims it, and wins")).isEqualTo(1);

    write("o.yaml", at("aa", t1, "a.example.com", "/", "api"));
    step("the same age as a: aa sorts first by name, and wins");

    write("o.yaml", ingress("zz", "aa").created(t1).rule("a.example.com").path("/", "Prefix", "api", 80).yaml());
    step("the same age and name in another namespace: default sorts first, a wins");

    write("b.yaml", at("b", t1, "d.example.com", "/", "web"));
    assertThat(hostsBuilt("b moves its rule to d.example.com: it wins there, and e now wins b.example.com"))
        .isEqualTo(2);

    write("web.yaml", service("web", 81), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1")));
    step("the Service of many hosts loses its port");

    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.2")));
    step("it has its port again, with another endpoint");

    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.3")));
    assertThat(hostsBuilt("only the EndpointSlice changes, in the Service's file")).isZero();

    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, new Ep("10.0.0.3", false)));
    assertThat(hostsBuilt("its one endpoint is not ready: every route to it is told")).isZero();

    write("web.yaml", endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.3")), service("web", 80));
    step("ready again, with the Service further down its file");

    write("secret.yaml", tlsSecret("default", "cert", AB.certificatePem(), AB.pkcs8KeyPem()));
    write("a.yaml", ingress("a").created(t1).rule("a.example.com").path("/", "Prefix", "web", 80)
        .tls("cert", "a.example.com").yaml());
    step("TLS for a.example.com");

    write("secret.yaml", tlsSecret("default", "cert", OTHER.certificatePem(), OTHER.pkcs8KeyPem()));
    step("the Secret changes and no longer covers the host");

    write("secret.yaml", tlsSecret("default", "cert", AB.certificatePem(), AB.pkcs8KeyPem()));
    step("it covers the host again");

    write("default.yaml", ingress("def").created(t2).defaultBackend("api", 80).rule("x.example.com")
        .path("/", "Prefix", "api", 80).yaml());
    step("a default backend appears");

    write("default2.yaml", ingress("def2").created(t0).defaultBackend("web", 80).yaml());
    step("an older Ingress's default backend wins");

    delete("default2.yaml");
    step("it is deleted");

    writeClasses(false);
    write("d.yaml", ingress("d").className("tuned").created(t2).rule("d2.example.com").path("/", "Prefix", "web", 80)
        .yaml());
    step("classes arrive, ours the default; an Ingress of the class with other load balancing shares web: "
        + "its setting is not applied");

    write("d.yaml", ingress("d").className("tuned").created(t0).rule("d2.example.com").path("/", "Prefix", "web", 80)
        .yaml());
    step("it is now the oldest on web: its class decides, and the others are told");

    write("d.yaml", ingress("d").className("ours").created(t0).rule("d2.example.com").path("/", "Prefix", "web", 80)
        .yaml());
    step("its class changes back");

    write("tls.yaml", ingress("tls").created(t1).annotation("nginx.ingress.kubernetes.io/ssl-passthrough", "true")
        .rule("tls.example.com").path("/", "Prefix", "web", 80).yaml());
    step("an Ingress passes tls.example.com's TLS through");

    writeClasses(true);
    step("the default class trusts proxies in front: the passthrough is refused");

    writeClasses(false);
    step("it trusts none again: the host's TLS is passed through again");

    delete("tls.yaml");
    step("the passthrough Ingress is deleted");

    write("ext.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: default}\n"
        + "spec: {type: ExternalName, externalName: Not_Valid, ports: [{port: 80}]}\n");
    write("x.yaml", at("x", t1, "y.example.com", "/", "ext"));
    step("an invalid ExternalName Service");

    write("ext.yaml", "# moved down\napiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: default}\n"
        + "spec: {type: ExternalName, externalName: Not_Valid, ports: [{port: 80}]}\n");
    step("the same Service a line further down: its error names the new line");

    delete("a.yaml");
    step("a is deleted: n and aa compete again for a.example.com");

    delete("web.yaml");
    step("the Service of many hosts is deleted");

    delete("others.yaml");
    step("the other hosts are deleted");
  }

  @Test
  void everyEditGivesWhatAFreshCompileGives() throws IOException {
    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1")));
    write("a.yaml", web("a.example.com", "/"));
    write("b.yaml", ingress("b").rule("b.example.com").path("/", "Prefix", "web", 80).yaml());
    step("start");

    write("c.yaml", ingress("c").rule("c.example.com").path("/c", "Exact", "web", 80).yaml());
    assertThat(step("add an Ingress").taken()).contains("default/c");

    write("a.yaml", web("a.example.com", "/v1"));
    step("modify an Ingress");

    delete("b.yaml");
    assertThat(step("delete an Ingress").taken()).doesNotContain("default/b");

    write("web.yaml", service("web", 81), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1")));
    step("the Service loses the port the Ingresses name");

    write("web.yaml", service("web", 80), endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.2")));
    step("the Service has its port again, with another endpoint");

    write("web.yaml", service("web", 80),
        endpointSlice("default", "web-1", "web", null, 8080, new Ep("10.0.0.2", false)));
    step("the endpoint is not ready");

    write("a.yaml", ingress("a").rule("a.example.com").path("/v1", "Prefix", "web", 80)
        .tls("cert", "a.example.com").yaml());
    step("TLS for a host whose Secret is missing");

    write("secret.yaml", tlsSecret("default", "cert", AB.certificatePem(), AB.pkcs8KeyPem()));
    step("the Secret arrives");

    write("a.yaml", ingress("a").rule("www.example.com").path("/v1", "Prefix", "web", 80)
        .tls("cert", "www.example.com").yaml());
    step("the TLS host changes");

    write("secret.yaml", tlsSecret("default", "cert", OTHER.certificatePem(), OTHER.pkcs8KeyPem()));
    step("the Secret's certificate no longer covers the host");

    write("g.yaml", ingress("g").annotation("nginx.ingress.kubernetes.io/auth-type", "basic")
        .annotation("nginx.ingress.kubernetes.io/auth-secret", "users").rule("g.example.com")
        .path("/", "Prefix", "web", 80).yaml());
    step("basic auth whose Secret is missing");

    write("users.yaml", authSecret("alice:{SHA}tiY7sUhYKUwI5L3866kDY+ENcrQ="));
    step("the auth Secret arrives");

    write("users.yaml", authSecret("bob:{SHA}9SMYoF5RilWWASry7TjeaKwmpGg="));
    step("the auth Secret's users change");

    delete("users.yaml");
    delete("g.yaml");
    step("the auth Secret and its Ingress go");

    write("broken.yaml", "kind: [unclosed\n");
    step("a file that does not parse");

    delete("broken.yaml");
    write("c2.yaml", ingress("c").rule("c.example.com").path("/other", "Exact", "web", 80).yaml());
    step("the same Ingress twice, with different content");

    write("c2.yaml", ingress("c").rule("c.example.com").path("/c", "Exact", "web", 80).yaml());
    step("the same Ingress twice, with the same content");

    delete("c2.yaml");
    write("d.yaml", ingress("d").created("2020-01-01T00:00:00Z").rule("www.example.com")
        .path("/v1", "Prefix", "web", 80).yaml());
    step("an older Ingress takes a path of another");

    write("d.yaml", ingress("d").rule("www.example.com").path("/v1", "Prefix", "web", 80).yaml());
    step("without a creationTimestamp it ties, and loses by name");

    write("classes.yaml", ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, false),
        ingressClass("theirs", "example.com/other", false));
    assertThat(step("IngressClasses arrive: Ingresses naming none are no longer ours").taken()).isEmpty();

    write("c.yaml", ingress("c").className("ours").rule("c.example.com").path("/c", "Exact", "web", 80).yaml());
    assertThat(step("an Ingress names our class").taken()).containsExactly("default/c");

    write("c.yaml", ingress("c").className("theirs").rule("c.example.com").path("/c", "Exact", "web", 80).yaml());
    assertThat(step("its class changes to another controller's").taken()).isEmpty();

    write("classes.yaml", ingressClass("ours", CompileOptions.DEFAULT_CONTROLLER, true),
        ingressClass("theirs", "example.com/other", false));
    step("our class becomes the default");

    write("a.yaml", ingress("a").rule("www.example.com").path("/x;y", "Prefix", "web", 80).yaml());
    step("an Ingress becomes invalid and is rejected");

    // A document that does not fit its schema makes the loader read the whole file as trees: the
    // other object of the file is typed from its tree, and the bad one is rejected with its field.
    write("a.yaml", web("www.example.com", "/v2"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: default}\nspec: {ports: 7}\n");
    step("an object that does not fit its schema, next to one read as a tree");

    write("a.yaml", web("www.example.com", "/v3"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: default}\nspec: {ports: 7}\n");
    step("the tree-read Ingress changes");

    delete("web.yaml");
    step("the Service and its EndpointSlice are deleted");

    assertThat(cache.normalize().validated()).as("unchanged Ingresses are read once").isLessThan(30);
    assertThat(cache.typing().typed()).as("unchanged objects are typed once").isLessThan(40);
  }
}
