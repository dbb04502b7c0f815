package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Replaces every scalar of a valid set of every kind, one at a time, by null, by a list and by a
 * map, and compiles: no exception may escape, no message may speak Java, a list or map must be
 * reported against its object, and a null must mean what leaving the field out means (Kubernetes
 * reads an explicit null as absent) unless it is reported.
 */
class WrongTypeFuzzTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "fuzz.yaml";

  /** Every kind ingressc reads, every feature that reads a field. */
  static List<ObjectNode> validSet() throws Exception {
    TestCerts.Cert cert = TestCerts.selfSigned("shop.example.com");
    String text = Manifests.join(
        Manifests.serviceNamedPorts("default", "web", "http=80:8080"),
        Manifests.endpointSlice("default", "web-1", "web", "http", 8080, Manifests.ready("10.0.0.1")),
        """
        apiVersion: v1
        kind: Service
        metadata: {name: ext, namespace: default}
        spec: {type: ExternalName, externalName: ext.example.com, ports: [{port: 80}]}
        """,
        Manifests.tlsSecret("default", "shop-cert", cert.certificatePem(), cert.pkcs8KeyPem()),
        Manifests.ingressClass("params", "ingressc.dev/ingress-controller", true, """
              parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: p}
            """),
        Manifests.ingressClass("cm", "ingressc.dev/ingress-controller", false, """
              parameters: {kind: ConfigMap, name: cmp, namespace: default, scope: Namespace}
            """),
        """
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: p}
        spec:
          loadBalancing: round-robin
          proxyConnectTimeout: 5s
          proxyReadTimeout: 60s
          proxyBodySize: 8m
          sslRedirect: "true"
          http2: "true"
          resourceBackends: [{apiGroup: example.com, kind: Bucket, name: b, url: "http://bucket.example.com:80"}]
        """,
        Manifests.configMap("default", "cmp", Map.of("load-balance", "round-robin", "ssl-redirect", "true",
            "proxy-connect-timeout", "5s", "proxy-read-timeout", "60s", "proxy-body-size", "8m", "use-http2", "true")),
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: shop
          namespace: default
          annotations: {example.com/owner: shop-team}
        spec:
          ingressClassName: params
          defaultBackend: {service: {name: web, port: {name: http}}}
          tls: [{hosts: [shop.example.com], secretName: shop-cert}]
          rules:
          - host: shop.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - {path: /ext, pathType: Exact, backend: {service: {name: ext, port: {number: 80}}}}
              - {path: /b, pathType: ImplementationSpecific, backend: {resource: {apiGroup: example.com, kind: Bucket, name: b}}}
        """,
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: other, namespace: default}
        spec:
          ingressClassName: cm
          rules: [{host: other.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}]}}]
        """);
    List<ObjectNode> docs = new ArrayList<>();
    for (JsonNode d : YAML.readerFor(JsonNode.class).readValues(text).readAll().stream().map(JsonNode.class::cast).toList()) {
      docs.add((ObjectNode) d);
    }
    return docs;
  }

  /** One JSON object a line, so that lines never shift when a field is left out. */
  static String text(List<ObjectNode> docs) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (ObjectNode d : docs) {
      sb.append("---\n").append(JSON.writeValueAsString(d)).append('\n');
    }
    return sb.toString();
  }

  /** A scalar's place: document, parent node and key or index. */
  record Spot(int doc, String path, JsonNode parent, String key, int index) {
    void set(JsonNode v) {
      if (parent instanceof ObjectNode o) {
        if (v == null) {
          o.remove(key);
        } else {
          o.set(key, v);
        }
      } else if (v == null) {
        ((ArrayNode) parent).remove(index);
      } else {
        ((ArrayNode) parent).set(index, v);
      }
    }
  }

  static void scalars(int doc, JsonNode node, String path, List<Spot> out) {
    if (node instanceof ObjectNode o) {
      o.fieldNames().forEachRemaining(k -> {
        JsonNode c = o.get(k);
        String p = path.isEmpty() ? k : path + "." + k;
        if (c.isValueNode()) {
          out.add(new Spot(doc, p, o, k, -1));
        } else {
          scalars(doc, c, p, out);
        }
      });
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isValueNode()) {
          out.add(new Spot(doc, path + "[" + i + "]", a, null, i));
        } else {
          scalars(doc, a.get(i), path + "[" + i + "]", out);
        }
      }
    }
  }

  static Compilation compile(String text) {
    return Compiler.compileText(FILE, text, CompileOptions.defaults());
  }

  @Test
  void theValidSetCompilesClean() throws Exception {
    Compilation c = compile(text(validSet()));
    assertThat(c.diagnostics().list()).filteredOn(d -> d.severity() != Severity.NOTE).isEmpty();
    assertThat(c.takenIngresses()).containsExactlyInAnyOrder("default/shop", "default/other");
  }

  @Test
  void everyWrongTypeIsADiagnosticOfItsObject() throws Exception {
    int count = validSet().size();
    List<String> failures = new ArrayList<>();
    List<Spot> spots = new ArrayList<>();
    List<ObjectNode> probe = validSet();
    for (int d = 0; d < count; d++) {
      scalars(d, probe.get(d), "", spots);
    }
    List<Diagnostic> baseline = compile(text(validSet())).diagnostics().list();
    JsonNodeFactory f = JsonNodeFactory.instance;
    Map<String, Function<JsonNode, JsonNode>> replacements = Map.of(
        "a list", v -> f.arrayNode().add(v),
        "a map", v -> f.objectNode().set("x", v),
        "null", v -> f.nullNode());
    for (int s = 0; s < spots.size(); s++) {
      for (Map.Entry<String, Function<JsonNode, JsonNode>> r : replacements.entrySet()) {
        List<ObjectNode> docs = validSet();
        List<Spot> mine = new ArrayList<>();
        for (int d = 0; d < count; d++) {
          scalars(d, docs.get(d), "", mine);
        }
        Spot spot = mine.get(s);
        ObjectNode target = docs.get(spot.doc());
        String name = target.path("metadata").path("name").asText();
        String original = JSON.writeValueAsString(spot.parent().isObject() ? spot.parent().get(spot.key())
            : spot.parent().get(spot.index()));
        JsonNode value = spot.parent().isObject() ? spot.parent().get(spot.key()) : spot.parent().get(spot.index());
        spot.set(r.getValue().apply(value));
        String what = spot.path() + " (" + original + ") of " + target.path("kind").asText() + " " + name
            + " as " + r.getKey();
        Compilation c;
        try {
          c = compile(text(docs));
        } catch (RuntimeException e) {
          failures.add(what + ": " + e);
          continue;
        }
        List<Diagnostic> problems = c.diagnostics().list().stream()
            .filter(d -> d.severity() != Severity.NOTE).toList();
        for (Diagnostic d : c.diagnostics().list()) {
          if (speaksJava(d.message())) {
            failures.add(what + ": Java in " + d.format());
          }
        }
        boolean reported = problems.stream().anyMatch(d -> !baseline.contains(d) && d.file().equals(FILE) && d.line() > 0
            && (d.object().contains(name) || d.object().isEmpty() || spot.path().startsWith("metadata.name")));
        if (reported) {
          continue;
        }
        if (r.getKey().equals("null")) {
          spot.set(null);
          Compilation absent = compile(text(docs));
          if (c.ir().equals(absent.ir()) && c.diagnostics().list().equals(absent.diagnostics().list())) {
            continue; // null means absent, as in Kubernetes
          }
          failures.add(what + ": differs from leaving it out, without a diagnostic: " + formatted(problems));
        } else {
          failures.add(what + ": no diagnostic names the object: " + formatted(c.diagnostics().list()));
        }
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + spots.size() * 3 + " cases:\n" + String.join("\n", failures));
    }
  }

  private static boolean speaksJava(String message) {
    return message.contains("java.") || message.contains("Exception") || message.contains("JsonToken")
        || message.contains("Cannot deserialize") || message.contains("because \"");
  }

  private static String formatted(List<Diagnostic> ds) {
    return ds.stream().map(Diagnostic::format).collect(Collectors.joining(" | "));
  }
}
