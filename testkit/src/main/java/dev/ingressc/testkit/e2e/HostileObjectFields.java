package dev.ingressc.testkit.e2e;

import static dev.ingressc.testkit.e2e.HostileInputs.NS;
import static dev.ingressc.testkit.e2e.HostileInputs.REGEX_HOSTILE;
import static dev.ingressc.testkit.e2e.HostileInputs.field;
import static dev.ingressc.testkit.e2e.HostileInputs.json;

import dev.ingressc.testkit.fixtures.FlowManifests;
import java.util.List;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The hostile fields of {@link HostileInputs#fields()} that are the objects' own (paths, hosts, TLS,
 * names, backends, endpoints, class parameters), and the Ingresses that carry a value in one of
 * them, which the annotation fields ({@link HostileAnnotationFields}) build on.
 */
final class HostileObjectFields {
  private HostileObjectFields() {}

  /** Adds these fields to {@code out}, in the order {@link HostileInputs#fields()} lists them. */
  static void addTo(List<Arguments> out) {
    out.add(field("exact-path", (i, h) -> pathIngress(i, "Exact", "/" + h)));
    out.add(field("prefix-path", (i, h) -> pathIngress(i, "Prefix", "/" + h)));
    out.add(field("implementation-specific-path", (i, h) -> pathIngress(i, "ImplementationSpecific", "/" + h)));
    // Regex paths (use-regex): the shared values, and regexes built to break out of each target's quoting.
    out.add(field("regex-path", (i, h) -> regexPathIngress(i, "/" + h)
        + (i == 0 ? String.join("", REGEX_HOSTILE.stream().map(r -> regexPathIngress(1000 + REGEX_HOSTILE.indexOf(r), r)).toList()) : "")));
    out.add(field("host", (i, h) -> hostIngress(i, h) + hostIngress(100 + i, "a" + h + ".example.com")));
    out.add(field("tls-host", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          tls: [{hosts: [%s], secretName: good-cert}]
          rules: [{host: victim.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(h))));
    out.add(field("secret-name", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          tls: [{hosts: [victim%d.example.com], secretName: %s}]
          rules: [{host: victim%d.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, i, json(h), i)));
    out.add(field("ingress-name", (i, h) -> objectIngress(json(h), NS, "", i)));
    out.add(field("namespace", (i, h) -> objectIngress("hostile-" + i, json(h), "", i)));
    out.add(field("annotations", (i, h) -> objectIngress("hostile-" + i, NS,
        "  annotations: {kubernetes.io/ingress.class: " + json(h) + ", " + json("x-" + h) + ": " + json(h) + "}\n", i)));
    out.add(field("service-name", (i, h) -> backendIngress(i, "{name: " + json(h) + ", port: {number: 80}}")));
    out.add(field("port-name", (i, h) -> backendIngress(i, "{name: web, port: {name: " + json(h) + "}}")));
    out.add(field("endpoint-slice-address", (i, h) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: svc-%d, namespace: default}
        spec: {ports: [{name: http, port: 80}]}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: svc-%d, namespace: default, labels: {kubernetes.io/service-name: svc-%d}}
        addressType: IPv4
        ports: [{name: http, port: 80}]
        endpoints: [{addresses: [%s]}]
        """.formatted(i, i, i, json(h)) + backendIngress(i, "{name: svc-" + i + ", port: {number: 80}}")));
    out.add(field("external-name", (i, h) -> """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: ext-%d, namespace: default}
        spec: {type: ExternalName, externalName: %s, ports: [{name: http, port: 80}]}
        """.formatted(i, json(h)) + backendIngress(i, "{name: ext-" + i + ", port: {number: 80}}")));
    out.add(field("class-parameters", (i, h) -> """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {name: hostile-%d}
        spec:
          controller: ingressc.dev/ingress-controller
          parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: hostile-%d}
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: hostile-%d}
        spec:
          loadBalancing: %s
          proxyConnectTimeout: %s
          proxyReadTimeout: %s
          proxyBodySize: %s
          sslRedirect: %s
          resourceBackends: [{kind: Bucket, name: b, url: %s}]
          useForwardedHeaders: "true"
          proxyRealIpCidr: %s
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          ingressClassName: hostile-%d
          rules:
          - host: victim%d.example.com
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
              - {path: /bucket, pathType: Prefix, backend: {resource: {kind: Bucket, name: b}}}
        """.formatted(i, i, i, json(h), json(h), json(h), json(h), json(h), json("http://" + h), json("10.0.0.0/8," + h), i, i, i)
        + "---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: good, annotations: "
        + "{ingressclass.kubernetes.io/is-default-class: \"true\"}}\nspec: {controller: ingressc.dev/ingress-controller}\n"));
  }

  private static String pathIngress(int i, String type, String path) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: victim.example.com, http: {paths: [{path: %s, pathType: %s, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(path), type);
  }

  private static String regexPathIngress(int i, String path) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default, annotations: {nginx.ingress.kubernetes.io/use-regex: "true"}}
        spec:
          rules: [{host: victim.example.com, http: {paths: [{path: %s, pathType: ImplementationSpecific, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(path));
  }

  static String hostIngress(int i, String host) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: %s, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
        """.formatted(i, json(host));
  }

  static String objectIngress(String name, String namespace, String metadataExtra, int i) {
    return FlowManifests.ingress(namespace, name, metadataExtra, "",
        FlowManifests.rule("victim" + i + ".example.com", FlowManifests.prefix("/", "web", 80)));
  }

  static String backendIngress(int i, String service) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: hostile-%d, namespace: default}
        spec:
          rules: [{host: victim%d.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: %s}}]}}]
        """.formatted(i, i, service);
  }
}
