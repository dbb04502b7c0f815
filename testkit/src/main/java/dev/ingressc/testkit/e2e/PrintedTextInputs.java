package dev.ingressc.testkit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * Control characters in every field ingressc prints (issue 15): what no diagnostic, {@code describe}
 * or {@code route} output may show raw.
 */
public final class PrintedTextInputs {
  private static final String NS = "default";

  private PrintedTextInputs() {}

  /**
   * Characters that a terminal or a log viewer acts on or hides: C0 controls (NUL, BEL, TAB, LF, CR,
   * ESC, US), DEL, C1 controls (NEL, CSI), the bidi controls, the zero-width characters and the line and
   * paragraph separators. Every printed field is fed each of them.
   */
  public static final List<String> UNPRINTABLE = List.of("\u0000", "\u0007", "\t", "\n", "\r", "\u001b", "\u001f",
      "\u007f", "\u0085", "\u009b", "\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
      "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029");

  /** A value that, printed raw, ends its line and forges an {@code error:} line with an ANSI colour. */
  public static final String FORGED_LINE = "x\nerror: forged line\u001b[31m";

  /** The values every printed field is fed: each unprintable character inside a name, then {@link #FORGED_LINE}. */
  public static List<String> unprintableValues() {
    List<String> out = new ArrayList<>();
    UNPRINTABLE.forEach(c -> out.add("a" + c + "b"));
    out.add(FORGED_LINE);
    return out;
  }

  /**
   * What is compiled with every printed field: the default IngressClass, a Service {@code web} with a
   * ready endpoint, and a good Ingress, so output is printed for the good objects too.
   */
  public static final String PRINTED_BASE = """
      ---
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata: {name: good, annotations: {ingressclass.kubernetes.io/is-default-class: "true"}}
      spec: {controller: ingressc.dev/ingress-controller}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {ports: [{name: http, port: 80}]}
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: {name: web-1, namespace: default, labels: {kubernetes.io/service-name: web}}
      addressType: IPv4
      ports: [{name: http, port: 80}]
      endpoints: [{addresses: [127.0.0.1]}]
      """ + FlowManifests.ingress(NS, "good", FlowManifests.rule("good.example.com", FlowManifests.prefix("/", "web", 80)));

  /**
   * Each field ingressc prints (in diagnostics, {@code describe} or {@code route}), and the objects that
   * carry user text {@code t} in it as object number {@code i}. File names are fed by the caller: they
   * are no field of an object.
   */
  public static Stream<Arguments> printedFields() {
    List<Arguments> out = new ArrayList<>();
    out.add(HostileInputs.field("ingress-name", (i, t) -> printedIngress(i, yq("n" + i + t), NS, "", "{path: /, pathType: Prefix}", "web")));
    out.add(HostileInputs.field("namespace", (i, t) -> printedIngress(i, "p-" + i, yq("n" + i + t), "", "{path: /, pathType: Prefix}", "web")));
    out.add(HostileInputs.field("annotation-key", (i, t) -> printedIngress(i, "p-" + i, NS,
        "annotations: {" + yq("example.com/k" + i + t) + ": v}", "{path: /, pathType: Prefix}", "web")));
    out.add(HostileInputs.field("annotation-value", (i, t) -> printedIngress(i, "p-" + i, NS, "annotations: {example.com/k: "
        + yq(t) + ", nginx.ingress.kubernetes.io/ssl-redirect: " + yq(t) + "}", "{path: /, pathType: Prefix}", "web")));
    out.add(HostileInputs.field("label", (i, t) -> printedIngress(i, "p-" + i, NS, "labels: {app: " + yq(t) + ", " + yq("k" + t) + ": v}",
        "{path: /, pathType: Prefix}", "web")));
    out.add(HostileInputs.field("host", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
        .replace("host: h" + i + ".example.com", "host: " + yq("h" + i + t + ".example.com"))));
    out.add(HostileInputs.field("path", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: " + yq("/" + t) + ", pathType: Prefix}",
        "web")));
    out.add(HostileInputs.field("path-type", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: " + yq("Prefix" + t) + "}",
        "web")));
    out.add(HostileInputs.field("service-name", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", yq("s" + t))));
    out.add(HostileInputs.field("tls-secret-name", (i, t) -> printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
        .replace("spec:\n", "spec:\n  tls: [{hosts: [" + yq("h" + i + t + ".example.com") + "], secretName: "
            + yq("c" + t) + "}]\n  ingressClassName: " + yq("k" + t) + "\n")));
    out.add(HostileInputs.field("endpoint-slice", (i, t) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc-%d, namespace: default}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: %s
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [10.0.0.1]}]
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d-b, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: IPv4
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [%s]}]
        """.formatted(i, i, i, yq("IPv4" + t), i, i, yq("10.0.0.2" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "svc-" + i)));
    out.add(HostileInputs.field("class-parameters-fields", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-1}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: %s, kind: %s, name: x}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-2}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: %s, scope: Namespace, namespace: %s}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d-3}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: x, scope: %s}
        """.formatted(i, yq("g" + t), yq("K" + t), i, yq("m" + t), yq("n" + t), i, yq("Namespace" + t))
        + printedIngress(i, "p-" + i + "-1", NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "-1\n")));
    out.add(HostileInputs.field("configmap-parameters", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {kind: ConfigMap, name: cm-%d, scope: Namespace, namespace: default}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm-%d, namespace: default}
        data: {proxy-read-timeout: %s, load-balance: %s, resource-backends: %s, %s: "1"}
        """.formatted(i, i, i, yq("5s" + t), yq(t), yq("/Bucket/b=http://b" + t + ":80"), yq("key-" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "\n")));
    out.add(HostileInputs.field("ingress-parameters", (i, t) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: k%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: ip-%d}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: ip-%d}
        spec: {proxyBodySize: %s, sslRedirect: %s, resourceBackends: [{kind: Bucket, name: b, url: %s}], %s: 1}
        """.formatted(i, i, i, yq("1m" + t), yq(t), yq("http://b" + t + ":80"), yq("field" + t))
        + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}", "web")
            .replace("spec:\n", "spec:\n  ingressClassName: k" + i + "\n")));
    out.add(HostileInputs.field("external-name", (i, t) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext-%d, namespace: default}
        spec: {type: ExternalName, externalName: %s, ports: [{name: http, port: 80}]}
        """.formatted(i, yq("e" + t + ".example.com")) + printedIngress(i, "p-" + i, NS, "", "{path: /, pathType: Prefix}",
        "ext-" + i)));
    return out.stream();
  }

  /**
   * Fails when {@code output} holds a character of {@link #UNPRINTABLE} other than the line feeds that
   * end its lines, or a line that {@link #FORGED_LINE} forged: its {@code error: forged line} must stay
   * inside the line that printed it.
   */
  public static void assertPrintable(String what, String output) {
    output.codePoints().filter(c -> c != '\n').forEach(c -> assertThat(UNPRINTABLE).as(
        "%s prints U+%04X raw:%n%s", what, c, output).doesNotContain(new String(Character.toChars(c))));
    for (String line : output.split("\n", -1)) {
      assertThat(line.stripLeading()).as("%s forged a line:%n%s", what, output).doesNotStartWith("error: forged line");
    }
  }

  /** An Ingress with host {@code h<i>.example.com}, one path and its backend, for the printed fields. */
  private static String printedIngress(int i, String name, String namespace, String metadataExtra, String path,
      String service) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: %s%s}
        spec:
          rules: [{host: h%d.example.com, http: {paths: [%s]}}]
        """.formatted(name, namespace, metadataExtra.isEmpty() ? "" : ", " + metadataExtra,
        i,
        path.replace("}", ", backend: {service: {name: " + service + ", port: {number: 80}}}}"));
  }

  /** {@code s} as a YAML double-quoted scalar with everything but printable ASCII as an escape, so the file itself is plain. */
  private static String yq(String s) {
    StringBuilder sb = new StringBuilder("\"");
    s.chars().forEach(c -> {
      if (c == '"' || c == '\\') {
        sb.append('\\').append((char) c);
      } else if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.append((char) c);
      }
    });
    return sb.append('"').toString();
  }
}
