package dev.ingressc.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the volume inputs of issue 15 (run with the java source launcher, no build):
 *
 * <ul>
 *   <li>{@code conflict N}: N Ingresses on one host and one path, all to one Service, so N-1 of
 *       them lose to the oldest and each gets a warning naming it;
 *   <li>{@code distinct N}: the same N Ingresses, each on its own path of that host;
 *   <li>{@code annotation-yaml MB} / {@code annotation-json MB}: one Ingress whose
 *       {@code example.com/notes} value is MB megabytes long
 *       (letters and digits, no blank: one token for the YAML scanner), written as YAML or as JSON.
 * </ul>
 *
 * {@code java bench/src/main/java/dev/ingressc/bench/VolumeCorpus.java conflict 100000 out.yaml}
 */
public final class VolumeCorpus {
  private VolumeCorpus() {}

  public static void main(String[] args) throws IOException {
    String kind = args[0];
    int n = Integer.parseInt(args[1]);
    Path out = Path.of(args[2]);
    try (BufferedWriter w = Files.newBufferedWriter(out)) {
      switch (kind) {
        case "conflict", "distinct" -> ingresses(w, n, kind.equals("conflict"));
        case "conflict-list", "distinct-list" -> ingressList(w, n, kind.equals("conflict-list"));
        case "annotation-yaml" -> annotationYaml(w, n);
        case "annotation-json" -> annotationJson(w, n);
        default -> throw new IllegalArgumentException("unknown kind " + kind);
      }
    }
  }

  private static void ingresses(BufferedWriter w, int n, boolean samePath) throws IOException {
    w.write(SERVICE);
    for (int i = 0; i < n; i++) {
      w.write("""
          ---
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          metadata:
            name: app-%1$d
            namespace: shop
            creationTimestamp: "2025-01-01T%2$02d:%3$02d:%4$02dZ"
          spec:
            ingressClassName: nginx
            rules:
            - host: shop.example.com
              http:
                paths:
                - path: /%5$s
                  pathType: Prefix
                  backend:
                    service:
                      name: web
                      port:
                        number: 80
          """.formatted(i, (i / 3600) % 24, (i / 60) % 60, i % 60, samePath ? "" : "p" + i));
    }
  }

  /** The same objects as one {@code kind: List}, indented as {@code kubectl get -o yaml} prints it. */
  private static void ingressList(BufferedWriter w, int n, boolean samePath) throws IOException {
    java.io.StringWriter docs = new java.io.StringWriter();
    try (BufferedWriter d = new BufferedWriter(docs)) {
      ingresses(d, n, samePath);
    }
    w.write("apiVersion: v1\nitems:\n");
    for (String object : docs.toString().split("---\n")) {
      boolean first = true;
      for (String line : object.split("\n")) {
        w.write((first ? "- " : "  ") + line + "\n");
        first = false;
      }
    }
    w.write("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
  }

  /** {@code mb} megabytes of letters and digits without a blank. */
  private static String value(int mb) {
    StringBuilder sb = new StringBuilder(mb << 20);
    String chunk = "abcdefghijklmnopqrstuvwxyz0123456789"; // no blank: one token, the worst case
    while (sb.length() < (mb << 20)) {
      sb.append(chunk);
    }
    sb.setLength(mb << 20);
    return sb.toString();
  }

  private static void annotationYaml(BufferedWriter w, int mb) throws IOException {
    w.write(SERVICE);
    w.write("""
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: big
          namespace: shop
          annotations:
            example.com/notes: "%s"
        spec:
          ingressClassName: nginx
          rules:
          - host: shop.example.com
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: web
                    port:
                      number: 80
        """.formatted(value(mb)));
  }

  private static void annotationJson(BufferedWriter w, int mb) throws IOException {
    w.write(SERVICE_JSON);
    w.write("\n");
    w.write("""
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
         "metadata": {"name": "big", "namespace": "shop", "annotations":
           {"example.com/notes": "%s"}},
         "spec": {"ingressClassName": "nginx", "rules": [{"host": "shop.example.com", "http":
           {"paths": [{"path": "/", "pathType": "Prefix", "backend":
             {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}
        """.formatted(value(mb)));
  }

  private static final String SERVICE = """
      apiVersion: networking.k8s.io/v1
      kind: IngressClass
      metadata:
        name: nginx
      spec:
        controller: ingressc.dev/ingress-controller
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        namespace: shop
      spec:
        ports:
        - port: 80
          targetPort: 8080
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: web-abcde
        namespace: shop
        labels:
          kubernetes.io/service-name: web
      addressType: IPv4
      ports:
      - port: 8080
      endpoints:
      - addresses: ["10.0.0.1"]
      """;

  private static final String SERVICE_JSON = """
      {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx"},
       "spec": {"controller": "ingressc.dev/ingress-controller"}}
      {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"},
       "spec": {"ports": [{"port": 80, "targetPort": 8080}]}}
      {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "web-abcde",
       "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"}}, "addressType": "IPv4",
       "ports": [{"port": 8080}], "endpoints": [{"addresses": ["10.0.0.1"]}]}
      """;
}
