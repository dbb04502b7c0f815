package dev.ingressc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates a large, valid input: N Ingresses, each with its own host and 5 paths (Exact and
 * Prefix mixed), each path to its own Service with a named port and an EndpointSlice of 3
 * endpoints (one not ready). Deterministic, so every run measures the same bytes.
 */
public final class Corpus {
  public static final int PATHS_PER_HOST = 5;

  private Corpus() {}

  public static String yaml(int ingresses) {
    StringBuilder sb = new StringBuilder(ingresses * 4200);
    for (int i = 0; i < ingresses; i++) {
      String ns = "team-" + (i % 50);
      sb.append("""
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata:
            name: app-%1$d
            namespace: %2$s
            creationTimestamp: "2025-01-01T00:00:%3$02dZ"
          spec:
            rules:
            - host: app-%1$d.example.com
              http:
                paths:
          """.formatted(i, ns, i % 60));
      for (int p = 0; p < PATHS_PER_HOST; p++) {
        sb.append("""
                  - path: /api/v%2$d/items
                    pathType: %3$s
                    backend:
                      service:
                        name: svc-%1$d-%2$d
                        port:
                          name: http
            """.formatted(i, p, p % 2 == 0 ? "Prefix" : "Exact"));
      }
      for (int p = 0; p < PATHS_PER_HOST; p++) {
        int a = (i * PATHS_PER_HOST + p) % 65000;
        sb.append("""
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: svc-%1$d-%2$d
              namespace: %3$s
            spec:
              ports:
              - name: http
                port: 80
                targetPort: 8080
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: svc-%1$d-%2$d-abcde
              namespace: %3$s
              labels:
                kubernetes.io/service-name: svc-%1$d-%2$d
            addressType: IPv4
            ports:
            - name: http
              port: 8080
            endpoints:
            - addresses: ["10.%4$d.%5$d.1"]
              conditions: {ready: true}
            - addresses: ["10.%4$d.%5$d.2"]
            - addresses: ["10.%4$d.%5$d.3"]
              conditions: {ready: false}
            """.formatted(i, p, ns, a / 256, a % 256));
      }
      sb.append("---\n");
    }
    return sb.toString();
  }

  /** Writes a corpus file for scripts: {@code java -cp benchmarks.jar dev.ingressc.bench.Corpus 10000 out.yaml}. */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path out = Path.of(args.length > 1 ? args[1] : "corpus-" + n + ".yaml");
    Files.writeString(out, yaml(n));
    System.out.println("wrote " + n + " Ingresses (" + n * PATHS_PER_HOST + " paths) to " + out);
  }
}
