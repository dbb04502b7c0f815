package dev.ingressc.testkit.e2e;

import java.util.ArrayList;
import java.util.List;

/** Small YAML builders for the objects cases write by hand. */
public final class Manifests {
  private Manifests() {}

  /** One path of a rule: {@code type path -> service:port} (a port name when not a number). */
  public record Path(String type, String path, String service, String port) {
    String yaml() {
      String portField = port.chars().allMatch(Character::isDigit) ? "number: " + port : "name: " + port;
      return """
                - path: %s
                  pathType: %s
                  backend: {service: {name: %s, port: {%s}}}
          """.formatted(path, type, service, portField);
    }
  }

  public static Path prefix(String path, String service, int port) {
    return new Path("Prefix", path, service, Integer.toString(port));
  }

  public static Path exact(String path, String service, int port) {
    return new Path("Exact", path, service, Integer.toString(port));
  }

  public static Path implementationSpecific(String path, String service, int port) {
    return new Path("ImplementationSpecific", path, service, Integer.toString(port));
  }

  /** A rule: a host (empty for none) and its paths. */
  public record Rule(String host, List<Path> paths) {
    String yaml() {
      StringBuilder sb = new StringBuilder(host.isEmpty() ? "  - http:\n" : "  - host: \"" + host + "\"\n    http:\n");
      sb.append("      paths:\n");
      paths.forEach(p -> sb.append(p.yaml()));
      return sb.toString();
    }
  }

  public static Rule rule(String host, Path... paths) {
    return new Rule(host, List.of(paths));
  }

  /** An Ingress with {@code extraSpec} (YAML lines at spec level, two-space indented) and rules. */
  public static String ingress(String ns, String name, String metadataExtra, String extraSpec, Rule... rules) {
    List<String> parts = new ArrayList<>();
    parts.add("""
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: %s
          namespace: %s
        %s
        spec:
        %s""".formatted(name, ns, metadataExtra, extraSpec));
    if (rules.length > 0) {
      parts.add("  rules:\n");
      for (Rule r : rules) {
        parts.add(r.yaml());
      }
    }
    return String.join("", parts).replaceAll("(?m)^\\s*\\n", "");
  }

  public static String ingress(String ns, String name, Rule... rules) {
    return ingress(ns, name, "", "", rules);
  }

  /** An IngressClass of ingressc's controller, optionally the default, optionally with IngressParameters. */
  public static String ingressClass(String name, String controller, boolean isDefault, String parameters) {
    return """
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata:
          name: %s
          annotations: {ingressclass.kubernetes.io/is-default-class: "%s"}
        spec:
          controller: %s
        %s""".formatted(name, isDefault, controller, parameters.isEmpty() ? ""
        : "  parameters: {apiGroup: ingressc.dev, kind: IngressParameters, name: " + parameters + "}\n");
  }

  /** Cluster-scoped IngressParameters with {@code spec} given as flow-style YAML fields. */
  public static String parameters(String name, String specFields) {
    return """
        ---
        apiVersion: ingressc.dev/v1alpha1
        kind: IngressParameters
        metadata: {name: %s}
        spec: {%s}
        """.formatted(name, specFields);
  }

  /** A kubernetes.io/tls Secret holding {@code certificatePem} and {@code keyPem}. */
  public static String tlsSecret(String ns, String name, String certificatePem, String keyPem) {
    java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
    return """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: %s}
        type: kubernetes.io/tls
        data:
          tls.crt: %s
          tls.key: %s
        """.formatted(name, ns, b64.encodeToString(certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        b64.encodeToString(keyPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  /** A Service with the named ports, sorted by name. */
  public static String service(String ns, String name, java.util.Map<String, Integer> ports) {
    java.util.List<String> lines = new java.util.ArrayList<>();
    new java.util.TreeMap<>(ports).forEach((portName, port) ->
        lines.add("  - {name: " + portName + ", port: " + port + ", protocol: TCP}"));
    return """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: %s}
        spec:
          ports:
        %s
        """.formatted(name, ns, String.join("\n", lines));
  }

  /** An EndpointSlice of {@code service}: one endpoint with {@code addresses} on {@code targetPort}. */
  public static String endpointSlice(String ns, String service, String sliceName, String portName, int targetPort,
      java.util.List<String> addresses, boolean ready) {
    return """
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: %s
          namespace: %s
          labels: {kubernetes.io/service-name: %s}
        addressType: IPv4
        ports:
        - {name: %s, port: %d, protocol: TCP}
        endpoints:
        - addresses: [%s]
          conditions: {ready: %s}
        """.formatted(sliceName, ns, service, portName, targetPort, String.join(", ", addresses), ready);
  }
}
