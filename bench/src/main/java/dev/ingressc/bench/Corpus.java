package dev.ingressc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a large, valid input: N Ingresses, each with its own host and 5 paths (Exact and
 * Prefix mixed), each path to its own Service with a named port and an EndpointSlice of 3
 * endpoints (one not ready). Deterministic, so every run measures the same bytes.
 *
 * <p>The same objects come as separate documents ({@link #yaml}) or as one {@code kind: List} as
 * {@code kubectl get -o yaml} prints it ({@link #list}). With {@code warnEvery} > 0, every
 * warnEvery-th Ingress has a last path that looks like a regular expression, which validation warns
 * about (the warning's line must then be found).
 */
public final class Corpus {
  public static final int PATHS_PER_HOST = 5;

  private Corpus() {}

  /** Separate documents, no warnings: the input NormalizeBenchmark has always measured. */
  public static String yaml(int ingresses) {
    return yaml(ingresses, 0);
  }

  public static String yaml(int ingresses, int warnEvery) {
    StringBuilder sb = new StringBuilder(ingresses * 4200);
    for (String object : objects(ingresses, warnEvery)) {
      sb.append(object).append("---\n");
    }
    return sb.toString();
  }

  /** One {@code kind: List} holding every object, indented as kubectl prints it. */
  public static String list(int ingresses, int warnEvery) {
    StringBuilder sb = new StringBuilder(ingresses * 4800);
    sb.append("apiVersion: v1\nitems:\n");
    for (String object : objects(ingresses, warnEvery)) {
      boolean first = true;
      for (String line : object.split("\n")) {
        sb.append(first ? "- " : "  ").append(line).append('\n');
        first = false;
      }
    }
    sb.append("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    return sb.toString();
  }

  /** Every object's YAML text, in order: an Ingress, then its Services and EndpointSlices. */
  static List<String> objects(int ingresses, int warnEvery) {
    List<String> out = new ArrayList<>(ingresses * (1 + 2 * PATHS_PER_HOST));
    for (int i = 0; i < ingresses; i++) {
      String ns = "team-" + (i % 50);
      boolean warn = warnEvery > 0 && i % warnEvery == 0;
      StringBuilder ing = new StringBuilder(1200);
      ing.append("""
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
        boolean regex = warn && p == PATHS_PER_HOST - 1;
        ing.append("""
                  - path: /api/v%2$d/items%4$s
                    pathType: %3$s
                    backend:
                      service:
                        name: svc-%1$d-%2$d
                        port:
                          name: http
            """.formatted(i, p, regex ? "ImplementationSpecific" : p % 2 == 0 ? "Prefix" : "Exact",
            regex ? "/(.*)" : ""));
      }
      out.add(ing.toString());
      for (int p = 0; p < PATHS_PER_HOST; p++) {
        int a = (i * PATHS_PER_HOST + p) % 65000;
        out.add("""
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
            """.formatted(i, p, ns));
        out.add("""
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
    }
    return out;
  }

  /**
   * Writes a corpus file for scripts:
   * {@code java -cp benchmarks.jar dev.ingressc.bench.Corpus 10000 out.yaml [docs|list] [warnEvery]}.
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Path out = Path.of(args.length > 1 ? args[1] : "corpus-" + n + ".yaml");
    String form = args.length > 2 ? args[2] : "docs";
    int warnEvery = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    Files.writeString(out, form.equals("list") ? list(n, warnEvery) : yaml(n, warnEvery));
    System.out.println("wrote " + n + " Ingresses (" + n * PATHS_PER_HOST + " paths, "
        + (warnEvery > 0 ? "every " + warnEvery + "th with a warning" : "no warnings") + ") as "
        + (form.equals("list") ? "one kind: List" : "separate documents") + " to " + out);
  }
}
