package dev.ingressc.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.testing.Compiled;
import java.util.List;

/**
 * The shared input and checks of the validation tests: an Ingress whose second path is under test, a
 * valid Ingress after it, and the check that the bad one is rejected whole while the rest compiles.
 */
final class ValidationFixtures {
  private ValidationFixtures() {}

  static final String FILE = Compiled.FILE;
  static final String OBJECT = "Ingress shop/bad";
  static final String PATH_FIELD = "spec.rules[0].http.paths[1]";
  static final String ALLOWED = "a path may hold only letters, digits and - . _ ~ ! & ( ) * + , = : @ /";

  /**
   * An Ingress whose second path is under test. Line numbers: host on 8, the second path entry on
   * 18 (its {@code path} key), pathType on 19, backend on 20, port on 23.
   */
  static final String TEMPLATE = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: bad
        namespace: shop
      spec:
        rules:
        - host: HOST
          http:
            paths:
            - path: /ok
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
            - path: PATH
              pathType: TYPE
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """;

  /** A valid Ingress in the same file, after the bad one, that must still compile. */
  static final String GOOD = """
      ---
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: good
        namespace: shop
      spec:
        rules:
        - host: good.example.com
          http:
            paths:
            - path: /
              pathType: Prefix
              backend:
                service:
                  name: web
                  port:
                    number: 80
      """;

  static String ingress(String host, String pathScalar, String type) {
    return TEMPLATE.replace("HOST", host).replace("PATH", pathScalar).replace("TYPE", type);
  }

  /** Compiles {@code bad} plus a good Ingress; checks the bad one is rejected whole and the good one is served. */
  static List<Diagnostic> rejected(String bad) {
    Compiled c = Compiled.of(bad + GOOD);
    assertThat(c.compilation().takenIngresses()).as(c.toString()).containsExactly("shop/good");
    assertThat(c.target("good.example.com", "/")).isEqualTo("web");
    // not even the valid first path of the bad Ingress is served
    assertThat(c.ir().virtualHosts()).extracting(v -> v.host()).containsExactly("good.example.com");
    assertThat(c.diagnostics(Severity.ERROR)).as(c.toString()).contains(new Diagnostic(Severity.ERROR, OBJECT, FILE, 1, "",
        "the Ingress is rejected whole because of the errors reported for its fields; the rest of the input is still compiled"));
    return c.diagnostics(Severity.ERROR).stream().filter(d -> !d.field().isEmpty()).toList();
  }

  static Diagnostic error(int line, String field, String message) {
    return new Diagnostic(Severity.ERROR, OBJECT, FILE, line, field, message);
  }

  static List<Diagnostic> rejectedPath(String pathScalar, String type) {
    return rejected(ingress("foo.example.com", pathScalar, type));
  }
}
