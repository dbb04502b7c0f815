package dev.ingressc.determinism;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.ingressc.testkit.fixtures.Manifests.notReady;
import static dev.ingressc.testkit.fixtures.Manifests.ready;
import static dev.ingressc.testkit.fixtures.Manifests.unknown;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same objects in any order give an identical IR, and identical diagnostics. */
class DeterminismTest {
  static final String OLD = "2021-01-01T00:00:00Z";
  static final String MID = "2022-01-01T00:00:00Z";
  static final String NEW = "2023-01-01T00:00:00Z";
  static final CompileOptions OPTIONS = CompileOptions.defaults()
      .withClock(Clock.fixed(Instant.parse("2024-12-25T00:00:00Z"), ZoneOffset.UTC))
      .withDefaultBackend(new dev.ingressc.ir.BackendRef.ServicePort("default", "c", 80, ""));

  /** Many kinds, conflicts of every sort, TLS, classes, parameters, slices, and some bad objects. */
  static List<String> corpus() {
    TestCerts.Cert one = TestCerts.cert().cn("foo.com").san("foo.com", "*.foo.com")
        .notBefore(Instant.parse("2024-01-01T00:00:00Z")).validityDays(365).generate();
    TestCerts.Cert two = TestCerts.cert().cn("foo.com").san("foo.com").variant("two")
        .notBefore(Instant.parse("2024-01-01T00:00:00Z")).validityDays(365).generate();
    List<String> docs = new ArrayList<>(List.of(
        Manifests.ingressClass("mine", CompileOptions.DEFAULT_CONTROLLER, true,
            "  parameters:\n    apiGroup: ingressc.dev\n    kind: IngressParameters\n    name: tuned\n"),
        Manifests.ingressClass("nginx", "k8s.io/ingress-nginx", false),
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: tuned\nspec:\n"
            + "  loadBalancing: random\n  proxyBodySize: 0\n  bogus: 1\n  resourceBackends:\n"
            + "  - apiGroup: storage.example.com\n    kind: Bucket\n    name: assets\n    url: http://assets.example.com\n",
        Manifests.ingress("a").created(OLD).rule("foo.com").path("/a", "Prefix", "a", 80).path("/", "Prefix", "c", 80)
            .pathResource("/assets", "Prefix", "storage.example.com", "Bucket", "assets")
            .tls("one", "foo.com").yaml(),
        Manifests.ingress("b").created(NEW).rule("foo.com").path("/a", "Prefix", "b", 80).path("/a", "Exact", "b", 80)
            .tls("two", "foo.com").defaultBackend("b", 80).yaml(),
        Manifests.ingress("other", "c").created(OLD).rule("foo.com").path("/a/", "Prefix", "a", 80)
            .rule("bar.foo.com").pathNamedPort("/", "Prefix", "a", "http").defaultBackend("a", 80).yaml(),
        Manifests.ingress("d").created(OLD).rule("*.foo.com").path("/", "Prefix", "ext", 443)
            .rule(null).path("/", "ImplementationSpecific", "missing", 80)
            .pathResource("/r", "Prefix", "example.com", "Unmapped", "r")
            .tls("one").yaml(),
        Manifests.ingress("e").created(MID).rule(null).path("/", "Prefix", "b", 80).tls("nope", "e.com").yaml(),
        Manifests.ingress("theirs").className("nginx").rule("foo.com").path("/a", "Prefix", "b", 80).yaml(),
        Manifests.ingress("bad").rule("Bad.com").path("/a;b", "Prefix", "a", 80).yaml(),
        Manifests.serviceNamedPorts("default", "a", "http=80:8080"),
        Manifests.serviceNamedPorts("other", "a", "http=80:8080"),
        Manifests.serviceNamedPorts("default", "b", "http=80:8080"),
        Manifests.service("c", 80),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: ext\nspec:\n  type: ExternalName\n  externalName: ext.example.org\n",
        Manifests.endpointSlice("default", "a-1", "a", "http", 8080, ready("10.0.0.2"), notReady("10.0.0.3")),
        Manifests.endpointSlice("default", "a-2", "a", "http", 8080, unknown("10.0.0.1"), ready("10.0.0.2")),
        Manifests.endpointSlice("default", "b-1", "b", "http", 8080, notReady("10.0.1.1")),
        Manifests.tlsSecret("default", "one", one.certificatePem(), one.pkcs8KeyPem()),
        Manifests.tlsSecret("default", "two", two.certificatePem(), two.pkcs8KeyPem()),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ignored\n"));
    return docs;
  }

  /** Diagnostics without their line: a document's line changes when documents move inside a file. */
  static List<String> withoutLines(Compilation c) {
    return c.diagnostics().list().stream()
        .map(d -> d.severity() + "|" + d.object() + "|" + d.file() + "|" + d.field() + "|" + d.message())
        .sorted().toList();
  }

  @Test
  void shufflingDocumentsInAFile() {
    List<String> docs = corpus();
    Compilation reference = Compiler.compileText("all.yaml", Manifests.join(docs), OPTIONS);
    // the corpus exercises what it should
    assertThat(reference.ir().virtualHosts()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(reference.diagnostics().count(Severity.ERROR)).isPositive();
    assertThat(reference.diagnostics().count(Severity.WARNING)).isGreaterThanOrEqualTo(5);
    assertThat(reference.ir().certificates()).isNotEmpty();
    assertThat(reference.ir().defaultBackend()).isPresent();
    Random random = new Random(20240601L);
    for (int i = 0; i < 40; i++) {
      List<String> shuffled = new ArrayList<>(docs);
      Collections.shuffle(shuffled, random);
      Compilation c = Compiler.compileText("all.yaml", Manifests.join(shuffled), OPTIONS);
      assertThat(c.ir()).as("shuffle %d", i).isEqualTo(reference.ir());
      assertThat(c.ir().toString()).isEqualTo(reference.ir().toString());
      assertThat(c.takenIngresses()).isEqualTo(reference.takenIngresses());
      assertThat(withoutLines(c)).as("shuffle %d", i).isEqualTo(withoutLines(reference));
    }
  }

  /**
   * One document a file, files given in shuffled order: lines do not move, so the diagnostics must
   * be identical to the byte. Two files hold the same object identically (it must not matter which
   * copy is read first), and two hold one object differently (both are rejected, whatever the order).
   */
  @Test
  void shufflingFiles(@TempDir Path dir) throws IOException {
    List<String> docs = corpus();
    // an identical copy of an Ingress that loses a conflict (so diagnostics name its file), and of a Service
    docs.add(docs.get(4));
    docs.add(docs.get(10));
    docs.add(Manifests.serviceNamedPorts("default", "twice", "http=80"));
    docs.add(Manifests.serviceNamedPorts("default", "twice", "http=81"));
    List<String> files = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      Path f = dir.resolve(String.format("f%02d.yaml", i));
      Files.writeString(f, docs.get(i));
      files.add(f.toString());
    }
    Compilation reference = Compiler.compileFiles(files, new ByteArrayInputStream(new byte[0]), OPTIONS);
    assertThat(reference.diagnostics().list()).extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).startsWith("defined 2 times with different content"));
    Random random = new Random(7L);
    for (int i = 0; i < 40; i++) {
      List<String> shuffled = new ArrayList<>(files);
      Collections.shuffle(shuffled, random);
      Compilation c = Compiler.compileFiles(shuffled, new ByteArrayInputStream(new byte[0]), OPTIONS);
      assertThat(c.ir()).as("shuffle %d", i).isEqualTo(reference.ir());
      assertThat(c.ir().toString()).isEqualTo(reference.ir().toString());
      assertThat(c.diagnostics().list()).as("shuffle %d", i).isEqualTo(reference.diagnostics().list());
    }
  }

  @Test
  void compilingTwiceGivesEqualResults() {
    String text = Manifests.join(corpus());
    Compilation a = Compiler.compileText("all.yaml", text, OPTIONS);
    Compilation b = Compiler.compileText("all.yaml", text, OPTIONS);
    assertThat(a.ir()).isEqualTo(b.ir());
    assertThat(a.diagnostics().list()).isEqualTo(b.diagnostics().list());
  }
}
