package dev.ingressc;

import static dev.ingressc.testing.Manifests.endpointSlice;
import static dev.ingressc.testing.Manifests.ingress;
import static dev.ingressc.testing.Manifests.ingressClass;
import static dev.ingressc.testing.Manifests.join;
import static dev.ingressc.testing.Manifests.ready;
import static dev.ingressc.testing.Manifests.service;
import static dev.ingressc.testing.Manifests.tlsSecret;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.load.InputObjects;
import dev.ingressc.load.Loader;
import dev.ingressc.load.Located;
import dev.ingressc.load.ParsedFiles;
import dev.ingressc.testing.Manifests.Ep;
import dev.ingressc.testing.TestCerts;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile that keeps a {@link CompileCache} (and {@link ParsedFiles}) across passes, as the
 * sidecar does, gives after every edit exactly what a fresh compile of the same input gives: the
 * same IR, the same diagnostics (object, file, line, field, message), the same taken Ingresses.
 * Every edit changes the fresh result, so a cache that served the previous pass's answer would fail.
 */
class IncrementalCompileTest {
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final CompileOptions OPTIONS =
      CompileOptions.defaults().withClock(Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC));
  private static final TestCerts.Cert AB = TestCerts.cert().cn("a.example.com")
      .san("a.example.com", "b.example.com", "www.example.com").notBefore(START).validityDays(365).generate();
  private static final TestCerts.Cert OTHER = TestCerts.cert().cn("other.example.com")
      .san("other.example.com").notBefore(START).validityDays(365).generate();

  @TempDir
  Path dir;

  private final ParsedFiles parsed = new ParsedFiles();
  private final CompileCache cache = new CompileCache();

  private void write(String file, String... docs) throws IOException {
    Path tmp = dir.resolve("." + file + ".tmp");
    Files.writeString(tmp, join(docs));
    Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void delete(String file) throws IOException {
    Files.delete(dir.resolve(file));
  }

  private static String web(String host, String path) {
    return ingress("a").rule(host).path(path, "Prefix", "web", 80).yaml();
  }

  /** What a compile decided, in a form that compares everything a user or an emitter can see. */
  private record Outcome(Object ir, List<String> diagnostics, List<String> taken) {
    static Outcome of(Compilation c) {
      return new Outcome(c.ir(), c.diagnostics().list().stream().map(IncrementalCompileTest::full).toList(),
          c.takenIngresses());
    }
  }

  private static String full(Diagnostic d) {
    return d.format() + " [line " + d.line() + ", field " + d.field() + "]";
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

  /**
   * Cluster mode: informer objects keep their identity until updated, and an update is a new
   * instance. Kept instances are taken from the cache; a replaced one is read again.
   */
  @Test
  void typedObjectsKeptByIdentityGiveWhatAFreshCompileGives() {
    List<Ingress> ingresses = new ArrayList<>(typed(Ingress.class, join(
        ingress("a").rule("a.example.com").path("/", "Prefix", "web", 80).yaml(),
        ingress("b").rule("b.example.com").path("/", "Prefix", "web", 80).yaml())));
    Service svc = typed(Service.class, service("web", 80)).get(0);
    EndpointSlice slice = typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.1"))).get(0);

    Outcome before = clusterPass(ingresses, svc, slice);
    assertThat(clusterPass(ingresses, svc, slice)).isEqualTo(before);
    long validated = cache.normalize().validated();

    // b is updated: same key, new instance, different content.
    ingresses.set(1, typed(Ingress.class, ingress("b").rule("b.example.com").path("/x;y", "Prefix", "web", 80)
        .yaml()).get(0));
    Outcome updated = clusterPass(ingresses, svc, slice);
    assertThat(updated).isNotEqualTo(before);
    assertThat(updated.taken()).containsExactly("default/a");
    assertThat(cache.normalize().validated() - validated).as("only the new instance is read").isEqualTo(1);

    EndpointSlice moved = typed(EndpointSlice.class,
        endpointSlice("default", "web-1", "web", null, 8080, ready("10.0.0.9"))).get(0);
    assertThat(clusterPass(ingresses, svc, moved)).isNotEqualTo(updated);
  }

  private Outcome clusterPass(List<Ingress> ingresses, Service svc, EndpointSlice slice) {
    InputObjects.Builder kept = InputObjects.builder(cache.typing());
    InputObjects.Builder fresh = InputObjects.builder();
    for (InputObjects.Builder b : List.of(kept, fresh)) {
      ingresses.forEach(b::ingress);
      b.service(svc).endpointSlice(slice);
    }
    Outcome cached = Outcome.of(Compiler.compile(kept.build(), OPTIONS, cache));
    Outcome expected = Outcome.of(Compiler.compile(fresh.build(), OPTIONS));
    assertThat(cached).isEqualTo(expected);
    return cached;
  }

  /** Objects of one kind, typed as the cluster's informers would hand them over. */
  private static <T> List<T> typed(Class<T> type, String yaml) {
    InputObjects in = InputObjects.of(Loader.loadText("cluster.yaml", yaml).objects());
    List<Located<?>> all = new ArrayList<>();
    all.addAll(in.ingresses());
    all.addAll(in.endpointSlices());
    if (type == Service.class) {
      return List.of(type.cast(in.service("default", "web").value()));
    }
    return all.stream().map(Located::value).filter(type::isInstance).map(type::cast).toList();
  }
}
