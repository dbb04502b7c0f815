package dev.ingressc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI tests share: a fan-out Ingress with its Services and EndpointSlices, an Ingress with
 * a rejected path, a temporary directory to write them into, and a JSON reader.
 */
abstract class CliFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  static final String FANOUT = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: fanout
        namespace: shop
        annotations:
          team: web
      spec:
        defaultBackend:
          service:
            name: fallback
            port:
              number: 80
        rules:
        - host: foo.bar.com
          http:
            paths:
            - path: /foo
              pathType: Prefix
              backend:
                service:
                  name: service1
                  port:
                    name: http
            - path: /foo/exact
              pathType: Exact
              backend:
                service:
                  name: service2
                  port:
                    number: 8080
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: service1, namespace: shop}
      spec:
        ports: [{name: http, port: 80, targetPort: 8080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: service1-x
        namespace: shop
        labels: {kubernetes.io/service-name: service1}
      addressType: IPv4
      ports: [{name: http, port: 8080}]
      endpoints:
      - addresses: [10.1.0.1]
      - addresses: [10.1.0.2]
        conditions: {ready: false}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: service2, namespace: shop}
      spec:
        ports: [{port: 8080}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: service2-x
        namespace: shop
        labels: {kubernetes.io/service-name: service2}
      addressType: IPv4
      ports: [{port: 8080}]
      endpoints:
      - addresses: [10.2.0.1]
        conditions: {ready: false}
      """;

  static final String BAD_PATH = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata: {name: bad, namespace: shop}
      spec:
        rules:
        - host: foo.bar.com
          http:
            paths:
            - path: "/x;y"
              pathType: Prefix
              backend:
                service: {name: service1, port: {number: 80}}
      """;

  @TempDir Path tmp;

  Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }
}
