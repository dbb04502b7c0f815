package dev.ingressc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Odd and careless input through the CLI (issue 15): one bad value, file or object gives a
 * diagnostic with its file and line in the user's words and exit 1 (or 0 for a warning), never
 * exit 2 for the whole run, and the other objects are still compiled.
 */
class OddInputCliTest {
  static final String GOOD = """
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {ports: [{port: 80}]}
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: good, namespace: default}
      spec:
        rules: [{host: good.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
      """;

  @TempDir Path tmp;

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void aNullConfigMapParameterIsAWarningAndTheRunGoesOn() throws Exception {
    Path cm = write("cm.yaml", """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: c, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
        spec: {controller: ingressc.dev/ingress-controller, parameters: {kind: ConfigMap, name: p, namespace: default, scope: Namespace}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: p, namespace: default}
        data:
          proxy-connect-timeout: null
        """);
    Path good = write("good.yaml", GOOD);
    CliRunner r = CliRunner.run("validate", "-f", cm.toString(), "-f", good.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("warning: ConfigMap default/p (" + cm + ":10) data[proxy-connect-timeout]: "
        + "has no value (null); the default is used");
    assertThat(r.out()).contains("1 Ingress(es) compiled, 0 error(s), 1 warning(s)");
    assertThat(CliRunner.run("validate", "--strict", "-f", cm.toString(), "-f", good.toString()).exitCode()).isEqualTo(1);
  }

  @Test
  void aFileThatIsNotUtf8IsSkippedAloneWithItsByteOffset() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xc3, '\n'});
    Path utf16 = tmp.resolve("utf16.yaml");
    Files.write(utf16, GOOD.getBytes(StandardCharsets.UTF_16));
    Path good = write("good.yaml", GOOD);
    CliRunner r = CliRunner.run("validate", "-f", bad.toString(), "-f", utf16.toString(), "-f", good.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("error: (" + bad + ":1): invalid UTF-8 at byte offset 3 (byte 0xc3); the file is"
        + " skipped (save it as UTF-8)");
    assertThat(r.out()).contains("error: (" + utf16 + "): the file is UTF-16, not UTF-8; it is skipped");
    assertThat(r.out()).contains("1 Ingress(es) compiled, 2 error(s), 0 warning(s)");
  }

  @Test
  void devNullIsAnEmptyInput() {
    CliRunner r = CliRunner.run("validate", "-f", "/dev/null");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).doesNotContain("no such file").contains("0 Ingress(es) compiled, 0 error(s), 0 warning(s)");
  }

  @Test
  void wrongTypesAreErrorsInWordsAndTheOtherIngressesCompile() throws Exception {
    Path f = write("odd.yaml", GOOD + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd, namespace: default}
        spec:
          rules:
          - host: yes
            http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80.9}}}}]}
          - host: [a.example.com]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingresss
        metadata: {name: typo, namespace: default}
        """);
    CliRunner r = CliRunner.run("validate", "-f", f.toString(), "-o", "json");
    CliRunner text = CliRunner.run("validate", "-f", f.toString());
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.out()).contains("error: Ingress default/odd (" + f + ":17) spec.rules[0].host: must be a string,"
        + " not the boolean true (quote it to make it a string); the Ingress is rejected");
    assertThat(text.out()).contains("warning: Ingresss default/typo (" + f + ":22) kind: kind `Ingresss` is not read;"
        + " did you mean Ingress?");
    assertThat(text.out()).contains("1 Ingress(es) compiled, 1 error(s), 1 warning(s)");
    assertThat(r.out() + text.out()).doesNotContain("java.", "Exception", "JsonToken", "Cannot deserialize");
  }

  @Test
  void mergeKeysAndDuplicateKeysThroughCompile() throws Exception {
    Path f = write("merge.yaml", GOOD + """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: merged, namespace: default}
        spec:
          rules:
          - host: m.example.com
            host: m.example.com
            http:
              paths:
              - &p {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - <<: *p
                path: /x
        """);
    CliRunner r = CliRunner.run("compile", "--target", "nginx", "-f", f.toString(), "-o", tmp.resolve("out").toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out() + r.err()).contains("warning: Ingress default/merged (" + f + ":18) spec.rules[0].host: is"
        + " written more than once in its mapping; the last value is used");
    assertThat(r.out() + r.err()).doesNotContain("pathType is required");
    assertThat(Files.readString(tmp.resolve("out/nginx.conf"))).contains("m.example.com").contains("/x");
  }
}
