package dev.ingressc.emit.envoy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Kubernetes manifests as YAML text, written the way a user would, so tests run the whole pipeline. */
final class Yaml {
  private Yaml() {}

  static String join(String... docs) {
    StringBuilder sb = new StringBuilder();
    for (String d : docs) {
      sb.append("---\n").append(d.endsWith("\n") ? d : d + "\n");
    }
    return sb.toString();
  }

  static IngressYaml ingress(String name) {
    return new IngressYaml(name);
  }

  /** A Service with one unnamed port and an EndpointSlice of ready {@code ips} on {@code targetPort}. */
  static String service(String name, int port, int targetPort, String... ips) {
    return join(serviceOnly(name, "", port), slice(name, "", targetPort, ips));
  }

  /** A Service with a named port, and its EndpointSlice. */
  static String namedService(String name, String portName, int port, int targetPort, String... ips) {
    return join(serviceOnly(name, portName, port), slice(name, portName, targetPort, ips));
  }

  static String serviceOnly(String name, String portName, int port) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: default\nspec:\n  ports:\n"
        + "  - port: " + port + "\n" + (portName.isEmpty() ? "" : "    name: " + portName + "\n");
  }

  /** An EndpointSlice; {@code ips} prefixed with {@code !} are not ready. */
  static String slice(String service, String portName, int port, String... ips) {
    StringBuilder sb = new StringBuilder("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: "
        + service + "-abc\n  namespace: default\n  labels:\n    kubernetes.io/service-name: " + service
        + "\naddressType: IPv4\nports:\n- port: " + port + "\n" + (portName.isEmpty() ? "" : "  name: " + portName + "\n")
        + "endpoints:\n");
    for (String ip : ips) {
      boolean ready = !ip.startsWith("!");
      sb.append("- addresses: [\"").append(ready ? ip : ip.substring(1)).append("\"]\n  conditions:\n    ready: ")
          .append(ready).append('\n');
    }
    if (ips.length == 0) {
      sb.append("  []\n");
    }
    return sb.toString();
  }

  static String externalName(String name, String externalName, int port) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\n  namespace: default\nspec:\n"
        + "  type: ExternalName\n  externalName: " + externalName + "\n  ports:\n  - port: " + port + "\n";
  }

  static String tlsSecret(String name, String certPem, String keyPem) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name + "\n  namespace: default\n"
        + "type: kubernetes.io/tls\ndata:\n"
        + "  tls.crt: " + b64.encodeToString(certPem.getBytes(StandardCharsets.US_ASCII)) + "\n"
        + "  tls.key: " + b64.encodeToString(keyPem.getBytes(StandardCharsets.US_ASCII)) + "\n";
  }

  /** An IngressClass of our controller whose parameters are the ConfigMap {@code <name>-params}. */
  static String ingressClass(String name, String... configLines) {
    StringBuilder cm = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
        + "-params\n  namespace: default\ndata:\n");
    for (String line : configLines) {
      int eq = line.indexOf('=');
      cm.append("  ").append(line, 0, eq).append(": \"").append(line.substring(eq + 1)).append("\"\n");
    }
    if (configLines.length == 0) {
      cm.append("  {}\n");
    }
    return join("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: " + name + "\nspec:\n"
        + "  controller: ingressc.dev/ingress-controller\n  parameters:\n    scope: Namespace\n    kind: ConfigMap\n"
        + "    namespace: default\n    name: " + name + "-params\n", cm.toString());
  }

  /** An Ingress in {@code default}; rules are added in order. */
  static final class IngressYaml {
    private final String name;
    private String className = "";
    private String created = "2024-01-01T00:00:00Z";
    private String defaultBackend = "";
    private String annotations = "";
    private final List<String> tls = new ArrayList<>();
    private final List<String> rules = new ArrayList<>();
    private String currentHost;
    private final List<String> currentPaths = new ArrayList<>();

    private IngressYaml(String name) {
      this.name = name;
    }

    IngressYaml className(String c) {
      this.className = c;
      return this;
    }

    IngressYaml annotation(String key, String value) {
      this.annotations += "    " + key + ": \"" + value + "\"\n";
      return this;
    }

    IngressYaml created(String timestamp) {
      this.created = timestamp;
      return this;
    }

    IngressYaml defaultBackend(String service, int port) {
      this.defaultBackend = "  defaultBackend:\n    service:\n      name: " + service + "\n      port:\n        number: "
          + port + "\n";
      return this;
    }

    IngressYaml tls(String secret, String... hosts) {
      StringBuilder sb = new StringBuilder("  - secretName: " + secret + "\n");
      if (hosts.length > 0) {
        sb.append("    hosts:\n");
        for (String h : hosts) {
          sb.append("    - \"").append(h).append("\"\n");
        }
      }
      tls.add(sb.toString());
      return this;
    }

    /** Starts a rule; {@code null} is a host-less rule. */
    IngressYaml rule(String host) {
      flush();
      currentHost = host == null ? "" : host;
      return this;
    }

    IngressYaml path(String path, String type, String service, int port) {
      currentPaths.add("      - path: \"" + path + "\"\n        pathType: " + type + "\n        backend:\n"
          + "          service:\n            name: " + service + "\n            port:\n              number: " + port
          + "\n");
      return this;
    }

    IngressYaml namedPortPath(String path, String type, String service, String portName) {
      currentPaths.add("      - path: \"" + path + "\"\n        pathType: " + type + "\n        backend:\n"
          + "          service:\n            name: " + service + "\n            port:\n              name: " + portName
          + "\n");
      return this;
    }

    private void flush() {
      if (currentHost != null) {
        rules.add("  - " + (currentHost.isEmpty() ? "" : "host: \"" + currentHost + "\"\n    ") + "http:\n      paths:\n"
            + String.join("", currentPaths));
        currentPaths.clear();
        currentHost = null;
      }
    }

    String yaml() {
      flush();
      StringBuilder sb = new StringBuilder("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: " + name
          + "\n  namespace: default\n  creationTimestamp: \"" + created + "\"\n"
          + (annotations.isEmpty() ? "" : "  annotations:\n" + annotations) + "spec:\n");
      if (!className.isEmpty()) {
        sb.append("  ingressClassName: ").append(className).append('\n');
      }
      sb.append(defaultBackend);
      if (!tls.isEmpty()) {
        sb.append("  tls:\n").append(String.join("", tls));
      }
      if (!rules.isEmpty()) {
        sb.append("  rules:\n").append(String.join("", rules));
      }
      return sb.toString();
    }
  }
}
