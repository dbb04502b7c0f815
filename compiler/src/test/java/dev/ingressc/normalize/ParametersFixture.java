package dev.ingressc.normalize;

import dev.ingressc.testkit.fixtures.Manifests;
import dev.ingressc.testkit.fixtures.TestCerts;

/**
 * What the parameters tests share: an IngressParameters object, the class reference to it, and an
 * Ingress of a given class with a Service route, two resource routes and TLS.
 */
final class ParametersFixture {
  private ParametersFixture() {}

  static final String OURS = ClassSelectionTest.OURS;

  static final String CLUSTER_PARAMS = """
        parameters:
          apiGroup: ingressc.dev
          kind: IngressParameters
          name: tuned
      """;

  static final String TUNED = """
      apiVersion: ingressc.dev/v1alpha1
      kind: IngressParameters
      metadata:
        name: tuned
      spec:
        loadBalancing: least-connections
        sslRedirect: false
        proxyConnectTimeout: 3s
        proxyReadTimeout: 2m
        proxyBodySize: 8m
        resourceBackends:
        - apiGroup: storage.example.com
          kind: Bucket
          name: assets
          url: http://assets.example.com:8080
        - kind: Thing
          name: ip
          url: http://10.1.2.3
      """;

  /** An Ingress of class "tuned" with a Service route, a resource route and TLS. */
  static String ingressOfClass(String className) {
    TestCerts.Cert cert = TestCerts.selfSigned("foo.example.com");
    return Manifests.join(
        Manifests.ingress("web").className(className)
            .rule("foo.example.com")
            .path("/", "Prefix", "web", 80)
            .pathResource("/assets", "Prefix", "storage.example.com", "Bucket", "assets")
            .pathResource("/ip", "Prefix", "\"\"", "Thing", "ip")
            .tls("cert", "foo.example.com")
            .yaml(),
        Manifests.service("web", 80),
        Manifests.tlsSecret("default", "cert", cert.certificatePem(), cert.pkcs8KeyPem()));
  }
}
