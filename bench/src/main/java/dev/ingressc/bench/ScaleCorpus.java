package dev.ingressc.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Issue 19's input, as a cluster of that size holds it: N Ingresses of five Prefix paths each,
 * every path to a Service of its own with one EndpointSlice of two endpoints (N x 11 objects;
 * 10,000 Ingresses are 110,000 objects, about 30 MB). Run with the java source launcher, no build:
 * {@code java bench/src/main/java/dev/ingressc/bench/ScaleCorpus.java 10000 out.yaml}
 */
public final class ScaleCorpus {
  static final int PATHS = 5;

  private ScaleCorpus() {}

  public static void main(String[] args) throws IOException {
    int n = Integer.parseInt(args[0]);
    try (BufferedWriter w = Files.newBufferedWriter(Path.of(args[1]))) {
      for (int i = 0; i < n; i++) {
        w.write("---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-" + i
            + "\n  namespace: ns-" + (i % 100) + "\nspec:\n  rules:\n  - host: app-" + i + ".example.com\n    http:\n"
            + "      paths:\n");
        for (int p = 0; p < PATHS; p++) {
          w.write("      - path: /api/v" + p + "\n        pathType: Prefix\n        backend:\n          service:\n"
              + "            name: svc-" + i + "-" + p + "\n            port:\n              number: 80\n");
        }
        for (int p = 0; p < PATHS; p++) {
          String svc = "svc-" + i + "-" + p;
          int k = i * PATHS + p;
          String ip = "10." + (k >> 16 & 255) + "." + (k >> 8 & 255) + "." + (k & 255);
          w.write("---\napiVersion: v1\nkind: Service\nmetadata:\n  name: " + svc + "\n  namespace: ns-" + (i % 100)
              + "\nspec:\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n");
          w.write("---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: " + svc
              + "-1\n  namespace: ns-" + (i % 100) + "\n  labels:\n    kubernetes.io/service-name: " + svc
              + "\naddressType: IPv4\nports:\n- name: http\n  port: 8080\nendpoints:\n- addresses: [\"" + ip
              + "\"]\n- addresses: [\"" + ip.replaceFirst("^10\\.", "11.") + "\"]\n");
        }
      }
    }
  }
}
