package dev.ingressc.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.Compiler.Compilation;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Odd and careless input (issue 15): one bad value, file or object is reported with its object,
 * file, line and field in the user's words, and never aborts the run nor is dropped silently.
 */
class OddInputTest {
  private static final String GOOD = Manifests.join(Manifests.service("web", 80),
      Manifests.ingress("good").rule("good.example.com").path("/", "Prefix", "web", 80).yaml());

  private static final String CM_CLASS = Manifests.ingressClass("cm", "ingressc.dev/ingress-controller", true, """
        parameters: {kind: ConfigMap, name: tuning, namespace: default, scope: Namespace}
      """);

  @ParameterizedTest
  @ValueSource(strings = {"proxy-connect-timeout", "proxy-read-timeout", "proxy-body-size", "load-balance",
      "ssl-redirect", "use-http2", "resource-backends"})
  void aNullConfigMapParameterIsAWarningNotAnAbort(String key) {
    Compiled c = Compiled.of(Manifests.join(CM_CLASS, """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: tuning, namespace: default}
        data:
          %s: null
        """.formatted(key), GOOD));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object, Diagnostic::line,
            Diagnostic::field, Diagnostic::message)
        .containsExactly(tuple(Severity.WARNING, "ConfigMap default/tuning", 16, "data[" + key + "]",
            "has no value (null); the default is used"));
    assertThat(c.compilation().takenIngresses()).containsExactly("default/good");
  }

  @Test
  void ingressParametersOfTheWrongTypeAreWarningsInWords() {
    Compiled c = Compiled.of(Manifests.join(Manifests.ingressClass("p", "ingressc.dev/ingress-controller", true, """
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: p}
        """), """
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: p}
        spec:
          proxyConnectTimeout: [5s]
          proxyReadTimeout: {a: 1}
          proxyBodySize: null
          resourceBackends: [null, {kind: Bucket, name: [b], url: "http://b:80"}]
        """, GOOD));
    assertThat(c.diagnostics()).extracting(Diagnostic::field, Diagnostic::message).containsExactly(
        tuple("spec.proxyConnectTimeout", "must be a string, not a list; the default is used"),
        tuple("spec.proxyReadTimeout", "must be a string, not a map; the default is used"),
        tuple("spec.proxyBodySize", "must be a string, not null; the default is used"),
        tuple("spec.resourceBackends[0]", "must be a map with apiGroup, kind, name and url, not null; the default is used"),
        tuple("spec.resourceBackends[1].name", "must be a string, not a list; the default is used"));
    assertThat(c.compilation().takenIngresses()).containsExactly("default/good");
  }

  @Test
  void wrongTypesAndLossyCoercionsAreErrorsInWords() {
    Compiled c = Compiled.of(Manifests.join(GOOD, """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: fraction, namespace: default}
        spec:
          rules: [{host: a.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80.9}}}}]}}]
        """, """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: yes-host, namespace: default}
        spec:
          rules:
          - host: yes
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
        """, """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: list-host, namespace: default}
        spec:
          rules: [{host: [a.example.com], http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: "80"}}}}]}}]
        """));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object, Diagnostic::line,
        Diagnostic::field, Diagnostic::message).containsExactly(
        tuple(Severity.ERROR, "Ingress default/fraction", 34, "spec.rules[0].http.paths[0].backend.service.port.number",
            "must be a whole number, not the number 80.9 (a fraction); the Ingress is rejected"),
        tuple(Severity.ERROR, "Ingress default/yes-host", 41, "spec.rules[0].host",
            "must be a string, not the boolean true (quote it to make it a string); the Ingress is rejected"),
        tuple(Severity.ERROR, "Ingress default/list-host", 48, "spec.rules[0].host",
            "must be a string, not a list; the Ingress is rejected"));
    assertThat(c.compilation().takenIngresses()).containsExactly("default/good");
  }

  @Test
  void kindsNotReadAreNeverSilent() {
    Compiled c = Compiled.of(Manifests.join("""
        apiVersion: networking.k8s.io/v1
        kind: Ingresss
        metadata: {name: a, namespace: default}
        """, """
        apiVersion: networking.k8s.io/v1
        kind: ingress
        metadata: {name: b, namespace: default}
        """, """
        apiVersion: v1
        metadata: {name: c}
        """, """
        apiVersion: v1
        kind: List
        items:
        - null
        - 3
        - apiVersion: v1
          kind: Service
          metadata: {name: listed}
        """, GOOD));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object, Diagnostic::line,
        Diagnostic::field, Diagnostic::message).containsExactly(
        tuple(Severity.WARNING, "Ingresss default/a", 3, "kind", "kind `Ingresss` is not read; did you mean Ingress?"),
        tuple(Severity.WARNING, "ingress default/b", 7, "kind", "kind `ingress` is not read; did you mean Ingress?"),
        tuple(Severity.WARNING, "object c", 10, "kind", "has no kind; it is not read (ingressc reads " + Kinds.READ + ")"),
        tuple(Severity.WARNING, "", 16, "items[0]", "a List item must be an object, not null; it is ignored"),
        tuple(Severity.WARNING, "", 17, "items[1]", "a List item must be an object, not a number; it is ignored"));
    assertThat(c.compilation().input().service("default", "listed")).isNotNull();
  }

  @Test
  void duplicateKeysAreWarningsAndTheLastOneIsUsed() {
    Compiled c = Compiled.of(Manifests.join(Manifests.service("web", 80), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: dup, namespace: default}
        spec:
          rules:
          - host: first.example.com
            host: second.example.com
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
        """));
    assertThat(c.diagnostics()).extracting(Diagnostic::severity, Diagnostic::object, Diagnostic::line,
        Diagnostic::field, Diagnostic::message).containsExactly(
        tuple(Severity.WARNING, "Ingress default/dup", 17, "spec.rules[0].host",
            "is written more than once in its mapping; the last value is used"));
    assertThat(c.route("second.example.com", "/").status()).isEqualTo(200);
  }

  @Test
  void mergeKeysWorkAsKubectlReadsThem() {
    Compiled c = Compiled.of(Manifests.join(Manifests.service("web", 80), Manifests.service("other", 80), """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: merged, namespace: default}
        spec:
          rules:
          - host: m.example.com
            http:
              paths:
              - &base {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - <<: *base
                path: /x
              - path: /y
                <<: *base
              - <<: [{pathType: Exact}, *base]
                path: /z
                backend: {service: {name: other, port: {number: 80}}}
        """));
    assertThat(c.diagnostics()).filteredOn(d -> d.severity() != Severity.NOTE).isEmpty();
    assertThat(c.route("m.example.com", "/x/1").backend().orElseThrow().ref().display()).isEqualTo("default/web:80");
    assertThat(c.route("m.example.com", "/y/1").backend().orElseThrow().ref().display()).isEqualTo("default/web:80");
    assertThat(c.route("m.example.com", "/z").backend().orElseThrow().ref().display()).isEqualTo("default/other:80");
    // Exact came first in the merge list, so it wins over base's Prefix: /z/1 is not /z.
    assertThat(c.route("m.example.com", "/z/1").backend().orElseThrow().ref().display()).isEqualTo("default/web:80");
  }

  @Test
  void anAliasBombIsRefusedForItsFileOnly(@TempDir Path dir) throws Exception {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev).append(", *")
          .append(prev).append(", *").append(prev).append(", *").append(prev).append(", *").append(prev)
          .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append(", *")
          .append(prev).append("]\n");
    }
    Files.writeString(dir.resolve("bomb.yaml"), bomb);
    Files.writeString(dir.resolve("good.yaml"), GOOD);
    Compilation c = compile(dir.resolve("bomb.yaml"), dir.resolve("good.yaml"));
    assertThat(c.diagnostics().list()).extracting(Diagnostic::file, Diagnostic::message).containsExactly(tuple(
        dir.resolve("bomb.yaml").toString(), "cannot parse YAML: aliases expand to more than 1000000 values"
            + " (an alias bomb?); the rest of this file is skipped"));
    assertThat(c.takenIngresses()).containsExactly("default/good");
  }

  @Test
  void invalidUtf8SkipsOnlyItsFileWithTheByteOffset(@TempDir Path dir) throws Exception {
    byte[] head = "apiVersion: v1\nkind: Service\nmetadata: {name: \"".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[head.length + 3];
    System.arraycopy(head, 0, bad, 0, head.length);
    bad[head.length] = (byte) 0xff;
    bad[head.length + 1] = '"';
    bad[head.length + 2] = '}';
    Files.write(dir.resolve("a-bad.yaml"), bad);
    Files.write(dir.resolve("b-utf16.yaml"), GOOD.getBytes(StandardCharsets.UTF_16));
    Files.writeString(dir.resolve("c-good.yaml"), GOOD);
    Compilation c = compile(dir);
    assertThat(c.unreadable()).isFalse();
    assertThat(c.diagnostics().list()).extracting(Diagnostic::file, Diagnostic::line, Diagnostic::message)
        .containsExactly(
            tuple(dir.resolve("a-bad.yaml").toString(), 3, "invalid UTF-8 at byte offset " + head.length
                + " (byte 0xff); the file is skipped (save it as UTF-8)"),
            tuple(dir.resolve("b-utf16.yaml").toString(), 0, "the file is UTF-16, not UTF-8; it is skipped (save it as UTF-8)"));
    assertThat(c.takenIngresses()).containsExactly("default/good");
  }

  @Test
  void anEmptyDeviceIsAnEmptyInputNotAMissingFile() {
    Compilation c = compile(Path.of("/dev/null"));
    assertThat(c.unreadable()).isFalse();
    assertThat(c.diagnostics().list()).isEmpty();
  }

  @Test
  void nestingDepthErrorsHaveALine() {
    String deep = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: " + "[".repeat(1200) + "\n";
    Compiled c = Compiled.of(deep);
    assertThat(c.diagnostics()).hasSize(1);
    assertThat(c.diagnostics().get(0).line()).isEqualTo(5);
    assertThat(c.diagnostics().get(0).message()).startsWith("cannot parse YAML: ").doesNotContain("java", "`", "Exception");
    String json = "{\"apiVersion\": \"v1\",\n\"kind\": \"ConfigMap\",\n\"data\": " + "[".repeat(1200) + "}";
    Compilation j = Compiler.compileText("deep.json", json, CompileOptions.defaults());
    assertThat(j.diagnostics().list()).extracting(Diagnostic::line, Diagnostic::message).containsExactly(
        tuple(3, "cannot parse JSON: nesting is too deep (more than 1000 levels); the rest of this file is skipped"));
  }

  @Test
  void aCertificateThatIsNotBase64IsReportedInWords() {
    String badPem = "-----BEGIN CERTIFICATE-----\nMIIB;x==\n-----END CERTIFICATE-----\n";
    Compiled c = Compiled.of(Manifests.join(Manifests.service("web", 80),
        Manifests.tlsSecret("default", "bad-cert", badPem, dev.ingressc.testkit.fixtures.TestCerts.selfSigned("t.example.com").pkcs8KeyPem()),
        Manifests.ingress("tls").tls("bad-cert", "t.example.com").rule("t.example.com").path("/", "Prefix", "web", 80).yaml()));
    assertThat(c.diagnostics()).filteredOn(d -> d.severity() == Severity.ERROR).isNotEmpty()
        .allSatisfy(d -> assertThat(d.message()).doesNotContain("java", "Exception", "Illegal base64"))
        .anySatisfy(d -> assertThat(d.message()).contains(
            "Secret default/bad-cert: tls.crt does not parse as a PEM certificate: a certificate block is not valid base64"));
  }

  private static Compilation compile(Path... paths) {
    return Compiler.compileFiles(List.of(paths).stream().map(Path::toString).toList(), InputStream.nullInputStream(),
        CompileOptions.defaults());
  }
}
