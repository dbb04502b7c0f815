package dev.ingressc.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.CompileOptions;
import dev.ingressc.Compiler;
import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.ir.LoadBalancing;
import org.junit.jupiter.api.Test;

/** Every lossy step says what it dropped. */
class LossReportingTest {

  private static String ingress(String name, String cls, String created, String host) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, creationTimestamp: "%s"}
        spec:
          ingressClassName: %s
          rules:
          - host: %s
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        ---
        """.formatted(name, created, cls, host);
  }

  private static String classWithLb(String name, String lb) {
    return """
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: %1$s}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: p-%1$s}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: p-%1$s}
        spec: {loadBalancing: %2$s}
        ---
        """.formatted(name, lb);
  }

  @Test
  void sharedUpstreamKeepsTheOlderClassSettingAndWarnsTheYounger() {
    String yaml = classWithLb("a", "least-connections") + classWithLb("b", "client-ip-hash")
        + ingress("ia", "a", "2024-01-01T00:00:00Z", "a.example.com")
        + ingress("ib", "b", "2024-01-02T00:00:00Z", "b.example.com")
        + "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";
    Compiler.Compilation c = Compiler.compileText("in.yaml", yaml, CompileOptions.defaults());
    assertThat(c.ir().upstream("default/web:80").orElseThrow().loadBalancing()).isEqualTo(LoadBalancing.LEAST_CONNECTIONS);
    assertThat(c.diagnostics().list())
        .filteredOn(d -> d.severity() == Severity.WARNING)
        .extracting(Diagnostic::object, Diagnostic::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ingress default/ib",
            "upstream default/web:80 is shared with an older Ingress whose class sets load balancing"
                + " least-connections; this Ingress's class setting client-ip-hash is not applied"));
  }

  @Test
  void aPathRepeatedInsideOneIngressSaysSo() {
    String yaml = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: twice}
        spec:
          rules:
          - http:
              paths:
              - {path: /a, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - {path: /a/, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
        """;
    Compiler.Compilation c = Compiler.compileText("in.yaml", yaml, CompileOptions.defaults());
    assertThat(c.diagnostics().list()).extracting(Diagnostic::field, Diagnostic::message).contains(
        org.assertj.core.groups.Tuple.tuple("spec.rules[0].http.paths[1]",
            "ignored: host \"*\" path \"/a/\" (Prefix) repeats an earlier path of this Ingress, which wins"));
  }
}
