package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real dumps: {@code kubectl get -o yaml} gives one {@code kind: List} document of any size; the
 * lines of diagnostics about its items are found from each item, and the input size limit is a
 * diagnostic, not an exception.
 */
class DumpTest {
  private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * A dump as kubectl prints it: apiVersion, items, kind, metadata. Every 7th Ingress has an
   * ImplementationSpecific path that looks like a regex; {@code warningLines} gets the line of each
   * such {@code path:} (counted here, while writing, independently of the loader).
   */
  static String kubectlList(int ingresses, Map<String, Integer> warningLines) {
    StringBuilder sb = new StringBuilder();
    int[] line = {1};
    java.util.function.Consumer<String> add = s -> {
      sb.append(s).append('\n');
      line[0]++;
    };
    add.accept("apiVersion: v1");
    add.accept("items:");
    for (int i = 0; i < ingresses; i++) {
      boolean warn = i % 7 == 3;
      add.accept("- apiVersion: networking.k8s.io/v1");
      add.accept("  kind: Ingress");
      add.accept("  metadata:");
      add.accept("    annotations:");
      add.accept("      note: \"padding so the dump is large: " + "x".repeat(200) + "\"");
      add.accept("    name: web-" + i);
      add.accept("    namespace: shop");
      add.accept("  spec:");
      add.accept("    rules:");
      add.accept("    - host: web-" + i + ".example.com");
      add.accept("      http:");
      add.accept("        paths:");
      add.accept("        - backend:");
      add.accept("            service:");
      add.accept("              name: svc-" + i);
      add.accept("              port:");
      add.accept("                number: 80");
      if (warn) {
        warningLines.put("shop/web-" + i, line[0]);
      }
      add.accept("          path: " + (warn ? "/api/(.*)" : "/"));
      add.accept("          pathType: " + (warn ? "ImplementationSpecific" : "Prefix"));
      add.accept("- apiVersion: v1");
      add.accept("  kind: Service");
      add.accept("  metadata:");
      add.accept("    name: svc-" + i);
      add.accept("    namespace: shop");
      add.accept("  spec:");
      add.accept("    ports:");
      add.accept("    - port: 80");
      add.accept("      targetPort: 8080");
    }
    add.accept("kind: List");
    add.accept("metadata:");
    add.accept("  resourceVersion: \"\"");
    return sb.toString();
  }

  @Test
  void aListLargerThanTheOldYamlLimitLoadsAndCompilesWithTheLinesOfItsDiagnostics(@TempDir Path dir) throws IOException {
    Map<String, Integer> expected = new TreeMap<>();
    String yaml = kubectlList(8_000, expected);
    assertThat(yaml.length()).isGreaterThan(3_145_728); // SnakeYAML's default limit refused a document this large
    Path file = dir.resolve("dump.yaml");
    Files.writeString(file, yaml);

    Compilation c = Compiler.compileFiles(List.of(file.toString()), NO_STDIN, CompileOptions.defaults());

    assertThat(c.unreadable()).isFalse();
    assertThat(of(c, Severity.ERROR)).isEmpty();
    assertThat(c.takenIngresses()).hasSize(8_000).contains("shop/web-0", "shop/web-7999");
    List<Diagnostic> warnings = of(c, Severity.WARNING);
    assertThat(warnings).hasSize(expected.size());
    Map<String, Integer> found = new TreeMap<>();
    for (Diagnostic d : warnings) {
      assertThat(d.file()).isEqualTo(file.toString());
      assertThat(d.field()).isEqualTo("spec.rules[0].http.paths[0].path");
      found.put(d.object().replace("Ingress ", ""), d.line());
    }
    assertThat(found).isEqualTo(expected);
  }

  @Test
  void anItemsSourceKnowsItsPlaceInTheList() {
    LoadResult r = Loader.loadText("dump.yaml", kubectlList(3, new TreeMap<>()));
    assertThat(r.objects()).extracting(o -> o.source().prefix())
        .containsExactly("items[0]", "items[1]", "items[2]", "items[3]", "items[4]", "items[5]");
    // after "apiVersion" and "items": 19 lines per Ingress, 9 per Service
    assertThat(r.objects()).extracting(o -> o.source().line()).containsExactly(3, 22, 31, 50, 59, 78);
    assertThat(r.objects()).extracting(o -> o.source().column()).containsOnly(3);
  }

  @Test
  void aFileOverTheSizeLimitIsAClearDiagnosticAndTheOtherFilesStillCompile(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.yaml");
    Path small = dir.resolve("small.yaml");
    Files.writeString(big, kubectlList(40, new TreeMap<>()));
    Files.writeString(small, kubectlList(1, new TreeMap<>()).replace("web-0", "small"));
    long limit = Files.size(small) + 100;
    assertThat(Files.size(big)).isGreaterThan(limit);

    LoadResult loaded = Loader.load(List.of(big.toString(), small.toString()), NO_STDIN, limit);
    Compilation c = Compiler.compileLoaded(loaded, CompileOptions.defaults());

    assertThat(of(c, Severity.ERROR)).containsExactly(new Diagnostic(Severity.ERROR, "", big.toString(), 0, "",
        "the file is " + String.format("%,d", Files.size(big)) + " bytes, larger than the "
            + String.format("%,d", limit) + " bytes ingressc reads from one file or stdin; it is skipped"
            + " (split the input into several files)"));
    assertThat(c.takenIngresses()).containsExactly("shop/small");
    assertThat(c.unreadable()).isFalse();
  }

  @Test
  void stdinOverTheSizeLimitIsAClearDiagnostic(@TempDir Path dir) throws IOException {
    Path small = dir.resolve("small.yaml");
    Files.writeString(small, kubectlList(1, new TreeMap<>()));
    String big = kubectlList(40, new TreeMap<>());
    InputStream stdin = new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8));

    LoadResult loaded = Loader.load(List.of("-", small.toString()), stdin, 10_000);

    assertThat(loaded.diagnostics().list()).extracting(Diagnostic::format).containsExactly(
        "error: (<stdin>): the input is larger than the 10,000 bytes ingressc reads from one file or stdin;"
            + " it is skipped (split the input into several files)");
    assertThat(LoaderTest.keys(loaded)).containsExactly("Ingress shop/web-0", "Service shop/svc-0");
  }

  @Test
  void theDefaultSizeLimitIsFarAboveARealDump() {
    assertThat(Loader.MAX_INPUT_BYTES).isEqualTo(1_000_000_000L);
  }

  /**
   * Inputs of every shape the loader reads; for each, a diagnostic's line found from its object
   * (where the loader saw it start) must be the line found by reading its document from the top.
   */
  @Test
  void everyFieldLineFoundFromItsObjectIsTheLineFoundFromTheTop() {
    Map<String, String> inputs = new TreeMap<>();
    inputs.put("kubectl-list.yaml", kubectlList(4, new TreeMap<>()));
    inputs.put("multi.yaml", """
        # leading comment
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        spec:
          ports:
          - port: 80
        ---
        --- 
        metadata:
          name: b
        apiVersion: v1
        kind: Service
        spec: {ports: [{port: 81,
          targetPort: 8081}]}
        """);
    inputs.put("nested-lists.yaml", """
        apiVersion: v1
        kind: List
        metadata: {}
        items:
          - apiVersion: networking.k8s.io/v1
            kind: IngressList
            items:
              -   apiVersion: v1
                  kind: Service
                  metadata:
                    name: deep
                  spec:
                    ports:
                      - port: 80
          - {apiVersion: v1, kind: Service, metadata: {name: flow}, spec: {ports: [{port: 1}]}}
          - - not an object
          -
            apiVersion: v1
            kind: Service
            metadata:
              name: late
        """);
    inputs.put("crlf.yaml", "apiVersion: v1\r\nitems:\r\n- apiVersion: v1\r\n  kind: Service\r\n  metadata:\r\n"
        + "    name: crlf\r\n  spec:\r\n    ports:\r\n    - port: 80\r\nkind: List\r\n");
    inputs.put("unicode.yaml", "apiVersion: v1\nitems: [{kind: Service, apiVersion: v1, metadata: {name: a,"
        + " annotations: {e: \"\uD83D\uDE00\uD83D\uDE00\"}}}, {apiVersion: v1, kind: Service,\n metadata: {name: b},"
        + " spec: {ports: [{port: 80}]}}]\nkind: List\n");
    inputs.put("pretty.json", """
        {
          "apiVersion": "v1",
          "items": [
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "annotations": {"e": "\uD83D\uDE00"}}},
            {
              "apiVersion": "networking.k8s.io/v1",
              "kind": "Ingress",
              "metadata": {"name": "web"},
              "spec": {"rules": [{"host": "foo.com", "http": {"paths": [
                {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "a", "port": {"number": 80}}}}
              ]}}]}
            }
          ],
          "kind": "List"
        }
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "second-document"}}
        """);
    inputs.put("one-line.json", "{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Service\","
        + "\"metadata\":{\"name\":\"\uD83D\uDE00a\"}},{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":"
        + "{\"name\":\"b\"},\"spec\":{\"ports\":[{\"port\":80}]}}],\"kind\":\"List\"}");

    int compared = 0;
    for (Map.Entry<String, String> input : inputs.entrySet()) {
      String file = input.getKey();
      List<LoadResult> reads = new ArrayList<>(List.of(Loader.loadText(file, input.getValue())));
      if (file.endsWith(".json")) { // stdin detects JSON by its first character
        reads.add(Loader.load(List.of("-"),
            new ByteArrayInputStream(input.getValue().getBytes(StandardCharsets.UTF_8))));
      }
      for (LoadResult r : reads) {
        assertThat(r.objects()).as(file).isNotEmpty();
        for (LoadedObject o : r.objects()) {
          JsonNode tree = o.node() != null ? o.node() : MAPPER.valueToTree(o.typed());
          List<String> fields = new ArrayList<>(List.of("", "no.such.field", "metadata.name", "spec.nothing[3]"));
          collectPaths(tree, "", fields);
          for (String field : fields) {
            String full = o.source().prefix().isEmpty() ? field
                : field.isEmpty() ? o.source().prefix() : o.source().prefix() + "." + field;
            int fromTop = LineLocator.lineOf(o.source().document(), full);
            int fromObject = LineLocator.lineInObject(o.source(), field);
            assertThat(fromObject).as(file + " " + o.key().display() + " " + field).isPositive().isEqualTo(fromTop);
            assertThat(o.source().lineOf(field)).isEqualTo(fromTop);
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(200);
  }

  @Test
  void anObjectThatCannotBeReadAloneFindsItsLinesFromTheTopOfItsDocument() {
    String yaml = """
        %TAG !e! tag:example.com,2000:
        ---
        apiVersion: v1
        items:
        - apiVersion: v1
          kind: Service
          metadata:
            name: tagged
          spec: !e!spec
            ports:
            - port: 80
        kind: List
        """;
    LoadedObject o = Loader.loadText("tag.yaml", yaml).objects().get(0);
    assertThat(LineLocator.lineInObject(o.source(), "spec.ports[0].port")).isZero(); // the tag handle is declared above it
    assertThat(o.source().lineOf("spec.ports[0].port")).isEqualTo(11);
    assertThat(o.source().lineOf("metadata.name")).isEqualTo(8);
  }

  private static List<Diagnostic> of(Compilation c, Severity severity) {
    return c.diagnostics().list().stream().filter(d -> d.severity() == severity).toList();
  }

  private static void collectPaths(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        out.add(p);
        collectPaths(e.getValue(), p, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String p = path + "[" + i + "]";
        out.add(p);
        collectPaths(node.get(i), p, out);
      }
    }
  }
}
