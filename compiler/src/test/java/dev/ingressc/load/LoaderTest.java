package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader: YAML (multi-document, List), JSON, directories, stdin, defaults and input problems. */
class LoaderTest {
  private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

  static List<String> keys(LoadResult r) {
    return r.objects().stream().map(o -> o.key().display()).toList();
  }

  @Test
  void multiDocumentYaml() {
    String yaml = """
        apiVersion: v1
        kind: Service
        metadata:
          name: a
        ---
        # a comment-only document is empty
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: b
          namespace: other
        ---
        """;
    LoadResult r = Loader.loadText("m.yaml", yaml);
    assertThat(r.diagnostics().list()).isEmpty();
    assertThat(keys(r)).containsExactly("Service default/a", "Service other/b");
    assertThat(r.objects()).extracting(o -> o.source().file()).containsOnly("m.yaml");
    assertThat(r.objects()).extracting(o -> o.source().line()).containsExactly(1, 8);
    assertThat(r.unreadable()).isFalse();
  }

  @Test
  void kindListAndTypedLists() {
    String yaml = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata:
            name: a
        - apiVersion: networking.k8s.io/v1
          kind: IngressList
          items:
          - apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
            spec:
              rules:
              - host: Bad.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: a
                        port:
                          number: 80
        """;
    LoadResult r = Loader.loadText("list.yaml", yaml);
    assertThat(keys(r)).containsExactly("Service default/a", "Ingress default/web");
    assertThat(r.objects()).extracting(o -> o.source().line()).containsExactly(4, 11);
    // a diagnostic about a List item names the item's own field path and its line in the file
    Compilation c = Compiler.compileLoaded(r, CompileOptions.defaults());
    assertThat(c.diagnostics().list()).contains(new Diagnostic(Severity.ERROR, "Ingress default/web", "list.yaml", 17,
        "spec.rules[0].host", "\"Bad.example.com\" must be lowercase (write \"bad.example.com\")"));
  }

  @Test
  void json() {
    String json = """
        {
          "apiVersion": "v1",
          "kind": "List",
          "items": [
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}},
            {
              "apiVersion": "networking.k8s.io/v1",
              "kind": "Ingress",
              "metadata": {"name": "web", "namespace": "shop"},
              "spec": {"rules": [{"host": "foo.com", "http": {"paths": [
                {"path": "/", "pathType": "Bogus", "backend": {"service": {"name": "a", "port": {"number": 80}}}}
              ]}}]}
            }
          ]
        }
        """;
    Compiled c = Compiled.of(json);
    // a file named .yaml that holds JSON is fine too (JSON is YAML); a .json name picks the JSON parser
    Compilation j = Compiler.compileText("in.json", json, CompileOptions.defaults());
    assertThat(keys(Loader.loadText("in.json", json))).containsExactly("Service default/a", "Ingress shop/web");
    assertThat(j.diagnostics().list()).contains(new Diagnostic(Severity.ERROR, "Ingress shop/web", "in.json", 11,
        "spec.rules[0].http.paths[0].pathType", "\"Bogus\" is not a pathType: use Exact, Prefix or ImplementationSpecific"));
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::field).contains("spec.rules[0].http.paths[0].pathType");
  }

  @Test
  void jsonWithSeveralTopLevelObjects() {
    LoadResult r = Loader.loadText("two.json", """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}}
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "b"}}
        """);
    assertThat(keys(r)).containsExactly("Service default/a", "Service default/b");
    assertThat(r.objects()).extracting(o -> o.source().line()).containsExactly(1, 2);
  }

  @Test
  void directoriesAreReadRecursivelyInSortedOrder(@TempDir Path dir) throws IOException {
    write(dir.resolve("b/x.yaml"), svc("bx"));
    write(dir.resolve("a.yml"), svc("a"));
    write(dir.resolve("c.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"c\"}}");
    write(dir.resolve("b/sub/deep.YAML"), svc("deep"));
    write(dir.resolve("ab.yaml"), svc("ab"));
    write(dir.resolve("notes.txt"), svc("txt"));
    write(dir.resolve("b/README.md"), "not: yaml: at: all: [");
    LoadResult r = Loader.load(List.of(dir.toString()), NO_STDIN);
    assertThat(r.diagnostics().list()).isEmpty();
    assertThat(keys(r)).containsExactly("Service default/a", "Service default/ab", "Service default/deep",
        "Service default/bx", "Service default/c");
    assertThat(r.objects()).extracting(o -> dir.relativize(Path.of(o.source().file())).toString())
        .containsExactly("a.yml", "ab.yaml", "b/sub/deep.YAML", "b/x.yaml", "c.json");
  }

  @Test
  void severalPathsAndStdinInTheOrderGiven(@TempDir Path dir) throws IOException {
    write(dir.resolve("one.yaml"), svc("one"));
    InputStream stdin = new ByteArrayInputStream(svc("fromstdin").getBytes(StandardCharsets.UTF_8));
    LoadResult r = Loader.load(List.of(dir.resolve("one.yaml").toString(), "-"), stdin);
    assertThat(keys(r)).containsExactly("Service default/one", "Service default/fromstdin");
    assertThat(r.objects().get(1).source().file()).isEqualTo("<stdin>");
  }

  @Test
  void jsonOnStdin() {
    InputStream stdin = new ByteArrayInputStream(
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"j\"}}".getBytes(StandardCharsets.UTF_8));
    assertThat(keys(Loader.load(List.of("-"), stdin))).containsExactly("Service default/j");
  }

  @Test
  void missingFileIsUnreadable(@TempDir Path dir) {
    String missing = dir.resolve("nope.yaml").toString();
    LoadResult r = Loader.load(List.of(missing), NO_STDIN);
    assertThat(r.unreadable()).isTrue();
    assertThat(r.diagnostics().list()).containsExactly(
        new Diagnostic(Severity.ERROR, "", missing, 0, "", "no such file or directory"));
  }

  @Test
  void defaultNamespace() {
    LoadResult r = Loader.loadText("ns.yaml", Manifests.join(
        svc("nsless"),
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\n",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
        "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: es\naddressType: IPv4\n",
        "apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: cls\n  namespace: ignored\n",
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: cluster-wide\n",
        "apiVersion: ingressc.dev/v1alpha1\nkind: IngressParameters\nmetadata:\n  name: p\n  namespace: team\n"));
    assertThat(keys(r)).containsExactly("Service default/nsless", "Ingress default/i", "Secret default/s",
        "ConfigMap default/cm", "EndpointSlice default/es", "IngressClass cls", "IngressParameters cluster-wide",
        "IngressParameters team/p");
  }

  @Test
  void unknownKindsAreCountedInOneNotePerKind() {
    Compiled c = Compiled.docs(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 3\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p2\n",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
        svc("a"));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity).containsOnly(Severity.NOTE);
    assertThat(c.diagnostics()).extracting(Diagnostic::message).containsExactly(
        "1 object(s) of kind Deployment are not read (ingressc reads " + Kinds.READ + ")",
        "2 object(s) of kind Pod are not read (ingressc reads " + Kinds.READ + ")",
        "1 object(s) of kind Widget are not read (ingressc reads " + Kinds.READ + ")");
    assertThat(c.compilation().input().size()).isEqualTo(1);
  }

  @Test
  void unsupportedApiVersionIsIgnoredWithAWarning() {
    Compiled c = Compiled.of("""
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata:
          name: old
        spec:
          backend:
            serviceName: a
            servicePort: 80
        """);
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.WARNING, "Ingress default/old", Compiled.FILE, 1,
        "apiVersion", "apiVersion \"extensions/v1beta1\" is not supported (want networking.k8s.io/v1); the object is ignored"));
    assertThat(c.compilation().input().ingresses()).isEmpty();
  }

  @Test
  void missingNameIsAnError() {
    Compiled c = Compiled.of("apiVersion: v1\nkind: Service\nmetadata:\n  namespace: x\n");
    assertThat(c.diagnostics()).containsExactly(new Diagnostic(Severity.ERROR, "Service x/<unnamed>", Compiled.FILE, 3,
        "metadata.name", "metadata.name is required; the object is rejected"));
  }

  @Test
  void yamlSyntaxErrorNamesFileAndLineAndKeepsEarlierDocuments() {
    String yaml = svc("before") + """
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: broken
          labels: {a: b
        spec: {}
        """;
    LoadResult r = Loader.loadText("broken.yaml", yaml);
    assertThat(keys(r)).containsExactly("Service default/before");
    assertThat(r.diagnostics().list()).hasSize(1);
    Diagnostic d = r.diagnostics().list().get(0);
    assertThat(d.severity()).isEqualTo(Severity.ERROR);
    assertThat(d.file()).isEqualTo("broken.yaml");
    // the unclosed flow mapping opens on line 13; the parser finds the problem on line 14
    assertThat(d.line()).isEqualTo(14);
    assertThat(d.message()).startsWith("cannot parse YAML: ").endsWith("; the rest of this file is skipped")
        // where the unclosed '{' opens, and the ':' of line 14 where the parser gave up
        .contains("(line 13, column 11)", "(line 14, column 5)")
        // the parser's quotes of the input are left out: they could show a line of a private key
        .doesNotContain("\n", "labels: {a: b", "^");
    assertThat(r.unreadable()).isFalse();
  }

  @Test
  void jsonSyntaxError() {
    LoadResult r = Loader.loadText("bad.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\"\n  \"metadata\": {}\n}\n");
    assertThat(r.objects()).isEmpty();
    Diagnostic d = r.diagnostics().list().get(0);
    assertThat(d.file()).isEqualTo("bad.json");
    assertThat(d.line()).isEqualTo(4);
    assertThat(d.message()).startsWith("cannot parse JSON: ");
  }

  @Test
  void aDocumentThatIsNotAnObjectIsReported() {
    LoadResult r = Loader.loadText("x.yaml", svc("a") + "---\n- just\n- a list\n");
    assertThat(keys(r)).containsExactly("Service default/a");
    assertThat(r.diagnostics().list()).containsExactly(
        new Diagnostic(Severity.ERROR, "", "x.yaml", 9, "", "document 2 is not an object; it is ignored"));
  }

  @Test
  void identicalDuplicatesAreKeptOnce() {
    Compiled c = Compiled.docs(svc("a"), svc("a"));
    assertThat(c.diagnostics()).isEmpty();
    assertThat(c.compilation().input().size()).isEqualTo(1);
  }

  @Test
  void duplicatesWithDifferentContentAreAllRejected() {
    String yaml = Manifests.join(
        Manifests.ingress("web").rule("a.com").path("/", "Prefix", "a", 80).yaml(),
        Manifests.ingress("web").rule("b.com").path("/", "Prefix", "a", 80).yaml(),
        Manifests.service("a", 80));
    Compiled c = Compiled.of(yaml);
    String msg = "defined 2 times with different content (test.yaml:2, test.yaml:20); every copy is rejected";
    assertThat(c.diagnostics()).containsExactly(
        new Diagnostic(Severity.ERROR, "Ingress default/web", Compiled.FILE, 2, "", msg),
        new Diagnostic(Severity.ERROR, "Ingress default/web", Compiled.FILE, 20, "", msg));
    assertThat(c.compilation().input().ingresses()).isEmpty();
    assertThat(c.ir().virtualHosts()).isEmpty();
  }

  @Test
  void sameNameInDifferentNamespacesOrKindsIsNoDuplicate() {
    Compiled c = Compiled.docs(svc("a"), svc("a").replace("name: a", "name: a\n  namespace: other"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    assertThat(c.diagnostics()).isEmpty();
    assertThat(c.compilation().input().size()).isEqualTo(3);
  }

  @Test
  void objectThatDoesNotFitItsSchemaIsRejected() {
    Compiled c = Compiled.docs(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - port: eighty\n",
        svc("b"));
    assertThat(c.compilation().input().size()).isEqualTo(1);
    List<Diagnostic> errors = c.diagnostics(Severity.ERROR);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).object()).isEqualTo("Service default/a");
    assertThat(errors.get(0).field()).isEqualTo("spec.ports[0].port");
    assertThat(errors.get(0).line()).isEqualTo(8);
    assertThat(errors.get(0).message()).isEqualTo("must be a whole number, not the string \"eighty\"; the Service is rejected");
  }

  private static String svc(String name) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  ports:\n  - port: 80\n";
  }

  private static void write(Path p, String text) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
