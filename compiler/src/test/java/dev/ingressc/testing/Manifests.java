package dev.ingressc.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Kubernetes manifests as YAML text, the way a user would write them, so tests go through
 * the whole pipeline (load, type, validate, normalize). Shared with other modules via the test-jar.
 *
 * <pre>{@code
 * String yaml = Manifests.join(
 *     Manifests.ingress("web").rule("foo.com").path("/", "Prefix", "web", 80).yaml(),
 *     Manifests.service("web", 80));
 * }</pre>
 */
public final class Manifests {
  private Manifests() {}

  /** Joins documents into one multi-document YAML text. */
  public static String join(String... docs) {
    return join(List.of(docs));
  }

  public static String join(List<String> docs) {
    StringBuilder sb = new StringBuilder();
    for (String d : docs) {
      sb.append("---\n").append(d.endsWith("\n") ? d : d + "\n");
    }
    return sb.toString();
  }

  public static IngressBuilder ingress(String name) {
    return new IngressBuilder("default", name);
  }

  public static IngressBuilder ingress(String namespace, String name) {
    return new IngressBuilder(namespace, name);
  }

  /** A ClusterIP Service in {@code default} with unnamed ports. */
  public static String service(String name, int... ports) {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name
        + "\n  namespace: default\nspec:\n  ports:\n");
    for (int p : ports) {
      sb.append("  - port: ").append(p).append('\n');
    }
    return sb.toString();
  }

  /** A Service with named ports, given as {@code name=port[:targetPort]}. */
  public static String serviceNamedPorts(String namespace, String name, String... namedPorts) {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name
        + "\n  namespace: " + namespace + "\nspec:\n  ports:\n");
    for (String np : namedPorts) {
      String[] kv = np.split("=");
      String[] pt = kv[1].split(":");
      sb.append("  - name: ").append(kv[0]).append("\n    port: ").append(pt[0]).append('\n');
      if (pt.length > 1) {
        sb.append("    targetPort: ").append(pt[1]).append('\n');
      }
    }
    return sb.toString();
  }

  /** One endpoint of an EndpointSlice: {@code ready} null leaves {@code conditions.ready} out. */
  public record Ep(String address, Boolean ready) {}

  public static Ep ready(String address) {
    return new Ep(address, true);
  }

  public static Ep notReady(String address) {
    return new Ep(address, false);
  }

  public static Ep unknown(String address) {
    return new Ep(address, null);
  }

  /** An IPv4 EndpointSlice of {@code service} with one port. */
  public static String endpointSlice(String namespace, String name, String service, String portName, int port,
      Ep... endpoints) {
    StringBuilder sb = new StringBuilder("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: "
        + name + "\n  namespace: " + namespace + "\n  labels:\n    kubernetes.io/service-name: " + service
        + "\naddressType: IPv4\nports:\n- port: " + port + "\n");
    if (portName != null) {
      sb.append("  name: ").append(portName).append('\n');
    }
    sb.append("endpoints:\n");
    for (Ep e : endpoints) {
      sb.append("- addresses: [\"").append(e.address()).append("\"]\n");
      if (e.ready() != null) {
        sb.append("  conditions:\n    ready: ").append(e.ready()).append('\n');
      }
    }
    return sb.toString();
  }

  /** A {@code kubernetes.io/tls} Secret with {@code data} in base64. */
  public static String tlsSecret(String namespace, String name, String crtPem, String keyPem) {
    return secret(namespace, name, "kubernetes.io/tls", crtPem, keyPem);
  }

  /** A Secret of any type; a null PEM leaves its key out. */
  public static String secret(String namespace, String name, String type, String crtPem, String keyPem) {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + name
        + "\n  namespace: " + namespace + "\n");
    if (type != null) {
      sb.append("type: ").append(type).append('\n');
    }
    sb.append("data:\n");
    if (crtPem != null) {
      sb.append("  tls.crt: ").append(TestCerts.base64(crtPem)).append('\n');
    }
    if (keyPem != null) {
      sb.append("  tls.key: ").append(TestCerts.base64(keyPem)).append('\n');
    }
    return sb.toString();
  }

  /** An IngressClass; {@code extraSpec} is appended under {@code spec:} as is (two-space indented lines). */
  public static String ingressClass(String name, String controller, boolean isDefault, String extraSpec) {
    StringBuilder sb = new StringBuilder("apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: "
        + name + "\n");
    if (isDefault) {
      sb.append("  annotations:\n    ingressclass.kubernetes.io/is-default-class: \"true\"\n");
    }
    sb.append("spec:\n  controller: ").append(controller).append('\n');
    if (extraSpec != null) {
      sb.append(extraSpec.endsWith("\n") ? extraSpec : extraSpec + "\n");
    }
    return sb.toString();
  }

  public static String ingressClass(String name, String controller, boolean isDefault) {
    return ingressClass(name, controller, isDefault, null);
  }

  /** A ConfigMap with string data. */
  public static String configMap(String namespace, String name, Map<String, String> data) {
    StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
        + "\n  namespace: " + namespace + "\ndata:\n");
    data.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(quote(v)).append('\n'));
    return sb.toString();
  }

  /** YAML double-quoted scalar. */
  public static String quote(String v) {
    return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** An Ingress, built rule by rule. */
  public static final class IngressBuilder {
    private final String namespace;
    private final String name;
    private String created;
    private String className;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String defaultBackend;
    private final List<StringBuilder> rules = new ArrayList<>();
    private final List<String> tls = new ArrayList<>();

    IngressBuilder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public IngressBuilder created(String rfc3339) {
      this.created = rfc3339;
      return this;
    }

    public IngressBuilder className(String c) {
      this.className = c;
      return this;
    }

    public IngressBuilder annotation(String k, String v) {
      annotations.put(k, v);
      return this;
    }

    public IngressBuilder defaultBackend(String service, int port) {
      this.defaultBackend = "    service:\n      name: " + service + "\n      port:\n        number: " + port + "\n";
      return this;
    }

    /** Starts a rule; {@code host} null for a host-less rule. */
    public IngressBuilder rule(String host) {
      StringBuilder r = new StringBuilder();
      r.append(host == null ? "  - http:\n" : "  - host: " + quote(host) + "\n    http:\n");
      r.append("      paths:\n");
      rules.add(r);
      return this;
    }

    /** Adds a path to the current rule, to a Service port by number. */
    public IngressBuilder path(String path, String pathType, String service, int port) {
      return pathBackend(path, pathType, "service:\n            name: " + service
          + "\n            port:\n              number: " + port);
    }

    /** Adds a path to the current rule, to a Service port by name. */
    public IngressBuilder pathNamedPort(String path, String pathType, String service, String portName) {
      return pathBackend(path, pathType, "service:\n            name: " + service
          + "\n            port:\n              name: " + portName);
    }

    /** Adds a path to the current rule, to a resource backend. */
    public IngressBuilder pathResource(String path, String pathType, String apiGroup, String kind, String resName) {
      return pathBackend(path, pathType, "resource:\n            apiGroup: " + apiGroup + "\n            kind: " + kind
          + "\n            name: " + resName);
    }

    private IngressBuilder pathBackend(String path, String pathType, String backend) {
      rules.get(rules.size() - 1).append("      - path: ").append(quote(path)).append('\n')
          .append("        pathType: ").append(pathType).append('\n')
          .append("        backend:\n          ").append(backend).append('\n');
      return this;
    }

    /** A tls entry; no hosts leaves {@code hosts} out. */
    public IngressBuilder tls(String secretName, String... hosts) {
      StringBuilder t = new StringBuilder("  - secretName: " + secretName + "\n");
      if (hosts.length > 0) {
        t.append("    hosts:\n");
        for (String h : hosts) {
          t.append("    - ").append(quote(h)).append('\n');
        }
      }
      tls.add(t.toString());
      return this;
    }

    public String yaml() {
      StringBuilder sb = new StringBuilder("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: "
          + name + "\n  namespace: " + namespace + "\n");
      if (created != null) {
        sb.append("  creationTimestamp: \"").append(created).append("\"\n");
      }
      if (!annotations.isEmpty()) {
        sb.append("  annotations:\n");
        annotations.forEach((k, v) -> sb.append("    ").append(k).append(": ").append(quote(v)).append('\n'));
      }
      sb.append("spec:\n");
      if (className != null) {
        sb.append("  ingressClassName: ").append(className).append('\n');
      }
      if (defaultBackend != null) {
        sb.append("  defaultBackend:\n").append(defaultBackend);
      }
      if (!rules.isEmpty()) {
        sb.append("  rules:\n");
        rules.forEach(sb::append);
      }
      if (!tls.isEmpty()) {
        sb.append("  tls:\n");
        tls.forEach(sb::append);
      }
      return sb.toString();
    }

    @Override
    public String toString() {
      return yaml();
    }
  }
}
