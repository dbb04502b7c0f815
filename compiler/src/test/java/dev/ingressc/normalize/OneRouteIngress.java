package dev.ingressc.normalize;

import dev.ingressc.testing.Compiled;
import dev.ingressc.testkit.fixtures.IngressManifest;
import dev.ingressc.testkit.fixtures.Manifests;

/** The input the per-Ingress annotation tests vary: one Ingress with one path, {@code /} to Service web:80, which has an endpoint. */
final class OneRouteIngress {
  /** ingress-nginx's annotation prefix. */
  static final String P = "nginx.ingress.kubernetes.io/";

  private OneRouteIngress() {}

  static IngressManifest app(String name, String host) {
    return Manifests.ingress(name).created("2024-01-01T00:00:00Z").rule(host).path("/", "Prefix", "web", 80);
  }

  /** {@code m} compiled with Service web:80 and its endpoint 10.9.0.1:8080. */
  static Compiled compile(IngressManifest m) {
    return Compiled.docs(Manifests.serviceAndSlice("web", 80, 8080, "10.9.0.1"), m.yaml());
  }
}
