package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingressc.diag.Diagnostic;
import dev.ingressc.diag.Severity;
import dev.ingressc.emit.Emitter;
import dev.ingressc.testkit.proxy.ProxyLauncher;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Odd and careless values (issue 15): wrong types, nulls, duplicate and merge keys, misspelt kinds,
 * shared by every target. Each odd object is reported against itself; everything else is served.
 */
public final class OddValueInputs {
  private OddValueInputs() {}

  /** Ingresses that must be rejected with an error naming them. */
  public static final List<String> ODD_REJECTED = List.of("odd-fraction", "odd-yes-host", "odd-list-host");
  /** Objects that must be reported with a warning naming them, and still served where they are Ingresses. */
  public static final List<String> ODD_WARNED = List.of("odd-null-annotation", "odd-dup", "odd-typo", "odd-params");

  /** The odd objects, against the Services of {@link HostileInputs#good}. */
  public static String oddValues() {
    String route = "http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}";
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-fraction, namespace: default}
        spec:
          rules: [{host: fraction.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80.9}}}}]}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-yes-host, namespace: default}
        spec:
          rules:
          - host: yes
            %1$s
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-list-host, namespace: default}
        spec:
          rules: [{host: [list.example.com], %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: odd-null-annotation
          namespace: default
          annotations: {nginx.ingress.kubernetes.io/rewrite-target: null}
        spec:
          rules: [{host: null-annotation.example.com, %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-dup, namespace: default}
        spec:
          rules:
          - host: ignored.example.com
            host: dup.example.com
            %1$s
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingresss
        metadata: {name: odd-typo, namespace: default}
        spec:
          rules: [{host: typo.example.com, %1$s}]
        ---
        apiVersion: v1
        kind: List
        items: [null, 7]
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: odd-class, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
        spec: {controller: ingressc.dev/ingress-controller, parameters: {kind: ConfigMap, name: odd-params, namespace: default, scope: Namespace}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: odd-params, namespace: default}
        data: {proxy-connect-timeout: null, proxy-read-timeout: null, proxy-body-size: null, load-balance: null, ssl-redirect: null, use-http2: null}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-classed, namespace: default}
        spec:
          ingressClassName: odd-class
          rules: [{host: classed.example.com, %1$s}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: odd-merged, namespace: default}
        spec:
          rules:
          - host: merged.example.com
            http:
              paths:
              - &base {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - <<: *base
                path: /m
                backend: {service: {name: good, port: {number: 80}}}
        """.formatted(route);
  }

  /** The odd objects next to the good route, with a probe for each host they name, as one end-to-end case. */
  public static E2eCase oddCase() {
    List<Probe> probes = List.of(Probe.http("good.example.com", "/"), Probe.http("merged.example.com", "/"),
        Probe.http("merged.example.com", "/m/1"), Probe.http("dup.example.com", "/"),
        Probe.http("ignored.example.com", "/"), Probe.http("classed.example.com", "/"),
        Probe.http("null-annotation.example.com", "/x"), Probe.http("fraction.example.com", "/"),
        Probe.http("yes", "/"), Probe.http("typo.example.com", "/"));
    return E2eCase.of("odd-values", ctx -> HostileInputs.good(ctx) + oddValues(), probes);
  }

  /**
   * The odd objects next to a good route through {@code emitter} and a real proxy: the config
   * checks, every probe answers as the oracle says, each odd object has its diagnostic (with a line,
   * in words without Java), and the objects only warned about are served.
   */
  public static void assertOddValuesReported(Emitter emitter, ProxyLauncher proxy) {
    E2eRunner.Outcome outcome = new E2eRunner(emitter, proxy).run(oddCase());
    assertThat(outcome.check().ok()).as("%s check: %s", proxy.kind().name(), outcome.check().output()).isTrue();
    assertThat(outcome.mismatches()).isEmpty();
    List<Diagnostic> all = outcome.compilation().diagnostics().list();
    String report = all.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    assertThat(outcome.compilation().takenIngresses()).as(report).contains("default/good", "default/odd-merged",
        "default/odd-dup", "default/odd-null-annotation", "default/odd-classed");
    for (String name : ODD_REJECTED) {
      assertThat(outcome.compilation().takenIngresses()).as(report).doesNotContain("default/" + name);
      assertThat(all).as(report).anyMatch(d -> d.severity() == Severity.ERROR && d.object().endsWith("/" + name)
          && d.line() > 0 && !d.field().isEmpty());
    }
    for (String name : ODD_WARNED) {
      assertThat(all).as(report).anyMatch(d -> d.severity() == Severity.WARNING && d.object().endsWith("/" + name)
          && d.line() > 0 && !d.field().isEmpty());
    }
    assertThat(all).as(report).filteredOn(d -> d.field().startsWith("items[")).hasSize(2);
    assertThat(all).as(report).noneMatch(d -> d.message().contains("java.") || d.message().contains("Exception")
        || d.message().contains("JsonToken"));
  }
}
