package dev.ingressc.validate;

import static dev.ingressc.validate.ValidationFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rejections of backends, service ports and the Ingress as a whole, and that every problem of an
 * Ingress is reported while the other Ingresses in the same file still compile.
 */
class ValidationBackendsTest {
  @Test
  void backendWithBothServiceAndResource() {
    String yaml = ingress("foo.example.com", "/x", "Prefix")
        + "          resource:\n            kind: Bucket\n            name: b\n";
    assertThat(rejected(yaml)).contains(
        error(20, PATH_FIELD + ".backend", "a backend must have exactly one of service or resource, not both"));
  }

  @Test
  void backendWithNeitherServiceNorResource() {
    String yaml = ingress("foo.example.com", "/x", "Prefix")
        .replace("        backend:\n          service:\n            name: web\n            port:\n              number: 80\n"
            + "\n", "")
        + "";
    // replace only the second path's backend with an empty object
    int at = yaml.lastIndexOf("        backend:");
    yaml = yaml.substring(0, at) + "        backend: {}\n";
    assertThat(rejected(yaml)).containsExactly(
        error(20, PATH_FIELD + ".backend", "a backend must have exactly one of service or resource"));
  }
  @Test
  void missingBackend() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("        backend:"));
    assertThat(rejected(yaml)).containsExactly(error(18, PATH_FIELD + ".backend", "backend is required"));
  }

  @Test
  void portWithBothNameAndNumber() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: 80\n"
        + "              name: http\n";
    assertThat(rejected(yaml)).containsExactly(
        error(23, PATH_FIELD + ".backend.service.port", "a service port must have exactly one of name or number"));
  }
  @Test
  void portWithNeitherNameNorNumber() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            port:")) + "            port: {}\n";
    assertThat(rejected(yaml)).containsExactly(
        error(23, PATH_FIELD + ".backend.service.port", "a service port must have exactly one of name or number"));
  }
  @Test
  void missingPort() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            port:"));
    assertThat(rejected(yaml)).containsExactly(
        error(21, PATH_FIELD + ".backend.service.port", "service port is required: give its name or its number"));
  }
  @ParameterizedTest
  @ValueSource(ints = {65536, 70000, -1})
  void portNumberOutOfRange(int number) {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: " + number + "\n";
    assertThat(rejected(yaml)).containsExactly(error(24, PATH_FIELD + ".backend.service.port.number",
        number + " is not a port number: it must be 1-65535"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65535})
  void portNumberBoundsAreAccepted(int number) {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("              number: 80")) + "              number: " + number + "\n";
    assertThat(Compiled.of(yaml).diagnostics(Severity.ERROR)).isEmpty();
  }

  @Test
  void invalidServiceName() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("            name: web")) + "            name: Web_1\n"
        + "            port:\n              number: 80\n";
    assertThat(rejected(yaml)).containsExactly(error(22, PATH_FIELD + ".backend.service.name",
        "\"Web_1\" is not a valid Service name (RFC 1035 label): at most 63 lowercase letters, digits and '-',"
            + " starting with a letter and ending with a letter or digit"));
  }

  @Test
  void resourceBackendWithoutKind() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.lastIndexOf("          service:")) + "          resource:\n            name: b\n";
    assertThat(rejected(yaml)).containsExactly(
        error(21, PATH_FIELD + ".backend.resource.kind", "resource kind is required"));
  }

  // ---- the Ingress as a whole

  @Test
  void ingressWithNeitherRulesNorDefaultBackend() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: bad
          namespace: shop
        spec: {}
        """;
    assertThat(rejected(yaml)).containsExactly(error(6, "spec", "an Ingress needs rules, a defaultBackend, or both"));
    String emptyRules = yaml.replace("spec: {}\n", "spec:\n  rules: []\n");
    assertThat(rejected(emptyRules)).containsExactly(error(6, "spec", "an Ingress needs rules, a defaultBackend, or both"));
  }
  @Test
  void ingressWithOnlyADefaultBackendIsValid() {
    Compiled c = Compiled.docs("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: only-default
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 80
        """, Manifests.service("web", 80));
    assertThat(c.diagnostics(Severity.ERROR)).isEmpty();
    assertThat(c.target("any.host", "/any/path")).isEqualTo("web");
  }
  @Test
  void invalidDefaultBackend() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: bad
          namespace: shop
        spec:
          defaultBackend:
            service:
              name: web
              port:
                number: 0
        """;
    assertThat(rejected(yaml)).containsExactly(
        error(10, "spec.defaultBackend.service.port", "a service port must have exactly one of name or number"));
  }

  @Test
  void httpWithoutPaths() {
    String yaml = ingress("foo.example.com", "/x", "Prefix");
    yaml = yaml.substring(0, yaml.indexOf("      paths:")) + "      paths: []\n";
    assertThat(rejected(yaml)).containsExactly(error(10, "spec.rules[0].http.paths", "http needs at least one path"));
  }

  // ---- several problems, several Ingresses

  @Test
  void everyProblemOfTheIngressIsReported() {
    String yaml = ingress("Foo.example.com", "/a b", "Exact");
    assertThat(rejected(yaml)).extracting(Diagnostic::field)
        .containsExactlyInAnyOrder("spec.rules[0].host", PATH_FIELD + ".path");
  }
  @Test
  void oneBadIngressDoesNotStopTheOthersInTheSameFile() {
    String first = GOOD.replace("name: good", "name: first").replace("good.example.com", "first.example.com");
    String yaml = first.substring("---\n".length()) + "---\n" + ingress("foo.example.com", "/a;b", "Prefix") + GOOD;
    Compiled c = Compiled.of(yaml);
    assertThat(c.compilation().takenIngresses()).containsExactlyInAnyOrder("shop/first", "shop/good");
    assertThat(c.target("first.example.com", "/")).isEqualTo("web");
    assertThat(c.target("good.example.com", "/")).isEqualTo("web");
    assertThat(c.target("foo.example.com", "/ok")).isEqualTo("404");
    // the bad Ingress starts on line 19 of the file (after 17 lines and a separator); its path is on line 18
    // of its own document
    assertThat(c.diagnostics(Severity.ERROR)).extracting(Diagnostic::line).containsExactlyInAnyOrder(19, 19 + 17);
  }
}
