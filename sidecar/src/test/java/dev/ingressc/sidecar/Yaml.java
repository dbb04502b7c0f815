package dev.ingressc.sidecar;

import dev.ingressc.testkit.fixtures.FlowManifests;
import java.util.List;
import java.util.Map;

/** Manifests the sidecar tests write: a Service with its EndpointSlice, Ingresses, TLS Secrets. */
final class Yaml {
  static final String NS = "default";

  private Yaml() {}

  /** A Service with port {@code port} named http, and a slice with {@code addresses} on {@code targetPort}. */
  static String service(String name, int port, int targetPort, List<String> addresses) {
    return service(NS, name, port, targetPort, addresses);
  }

  static String service(String ns, String name, int port, int targetPort, List<String> addresses) {
    return FlowManifests.service(ns, name, Map.of("http", port)) + endpointSlice(ns, name, targetPort, addresses);
  }

  /** The EndpointSlice of {@link #service} alone: an endpoint-only change. */
  static String endpointSlice(String ns, String service, int targetPort, List<String> addresses) {
    return FlowManifests.endpointSlice(ns, service, service, "http", targetPort, addresses, true);
  }

  /** An Ingress routing {@code host} Prefix {@code path} to {@code service}:80, with TLS from {@code secret} if given. */
  static String ingress(String name, String host, String path, String service, String secret) {
    return ingress(NS, name, host, path, service, secret);
  }

  static String ingress(String ns, String name, String host, String path, String service, String secret) {
    String tls = secret == null ? "" : "  tls:\n  - hosts: [" + host + "]\n    secretName: " + secret + "\n";
    return FlowManifests.ingress(ns, name, "", tls, FlowManifests.rule(host, FlowManifests.prefix(path, service, 80)));
  }

  static String ingress(String name, String host, String path, String service) {
    return ingress(name, host, path, service, null);
  }

  static String tlsSecret(String name, String certificatePem, String keyPem) {
    return FlowManifests.tlsSecret(NS, name, certificatePem, keyPem);
  }
}
