package dev.ingressc.testkit.e2e;

import dev.ingressc.testkit.http.EchoBackends;
import dev.ingressc.testkit.fixtures.TestCertificates;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import dev.ingressc.testkit.fixtures.FlowManifests;

/**
 * Builds a case's manifests against live echo backends: a Service here starts its endpoints and
 * writes the EndpointSlice that points at them, and a TLS Secret gets a fresh certificate.
 */
public final class CaseContext implements AutoCloseable {
  private static final Map<List<String>, TestCertificates.Pem> CERT_CACHE = new ConcurrentHashMap<>();

  private final EchoBackends backends;
  private final Map<String, String> certificates = new TreeMap<>();
  /** Backends that terminate TLS themselves ({@link #tlsService}), closed with this context. */
  private final List<EchoBackends> tlsBackends = new java.util.ArrayList<>();
  /** The external auth service ({@link #authUrl}), started when a case first asks; null before. */
  private dev.ingressc.testkit.http.AuthService auth;

  public CaseContext(EchoBackends backends) {
    this.backends = backends;
  }

  /** The auth-url of a live auth service ({@link dev.ingressc.testkit.http.AuthService}), one per case. */
  public synchronized String authUrl() {
    if (auth == null) {
      auth = new dev.ingressc.testkit.http.AuthService();
    }
    return auth.url();
  }

  /** What the auth service found wrong in the auth requests it got; empty without one. */
  public synchronized List<String> authProblems() {
    return auth == null ? List.of() : auth.wrongRequests();
  }

  /** The PEM certificate of each TLS Secret made here, by {@code namespace/name}. */
  public Map<String, String> certificates() {
    return certificates;
  }

  /** A Service with one port named {@code http} and one ready endpoint. */
  public String service(String ns, String name, int port) {
    return service(ns, name, port, "http", 1);
  }

  /** A Service with one port and {@code count} ready endpoints; they answer as {@code ns/name:port}. */
  public String service(String ns, String name, int port, String portName, int count) {
    List<String> addresses = backends.start(ns + "/" + name + ":" + port, count);
    return serviceYaml(ns, name, Map.of(portName, port)) + slice(ns, name, name, portName, addresses, true);
  }

  /** A Service with several named ports, each with its own endpoint. */
  public String multiPortService(String ns, String name, Map<String, Integer> ports) {
    StringBuilder sb = new StringBuilder(serviceYaml(ns, name, ports));
    new TreeMap<>(ports).forEach((portName, port) -> {
      List<String> addresses = backends.start(ns + "/" + name + ":" + port, 1);
      sb.append(slice(ns, name, name + "-" + portName, portName, addresses, true));
    });
    return sb.toString();
  }

  /** A Service whose only endpoint is not ready. */
  public String serviceWithoutReadyEndpoints(String ns, String name, int port) {
    return serviceYaml(ns, name, Map.of("http", port))
        + slice(ns, name, name, "http", List.of("127.0.0.254"), false);
  }

  /**
   * A Service whose one endpoint terminates TLS itself with a certificate for {@code hosts}
   * (ssl-passthrough); the certificate is kept under {@link #backendCertificateKey}.
   */
  public String tlsService(String ns, String name, int port, String... hosts) {
    TestCertificates.Pem pem = CERT_CACHE.computeIfAbsent(List.of(hosts), h -> TestCertificates.selfSigned(h));
    EchoBackends tls = EchoBackends.tls(100 + (int) (ProcessHandle.current().pid() % 100), pem);
    tlsBackends.add(tls);
    String upstream = ns + "/" + name + ":" + port;
    certificates.put(backendCertificateKey(upstream), pem.certificate());
    List<String> addresses = tls.start(upstream, 1);
    return serviceYaml(ns, name, Map.of("https", port))
        + FlowManifests.endpointSlice(ns, name, name, "https", tls.port(), addresses, true);
  }

  /** Where {@link #certificates()} keeps the certificate of a TLS backend's upstream. */
  public static String backendCertificateKey(String upstream) {
    return "backend " + upstream;
  }

  @Override
  public void close() {
    tlsBackends.forEach(EchoBackends::close);
    if (auth != null) {
      auth.close();
    }
  }

  /** A kubernetes.io/tls Secret with a self-signed certificate for {@code hosts}. */
  public String tlsSecret(String ns, String name, String... hosts) {
    TestCertificates.Pem pem = CERT_CACHE.computeIfAbsent(List.of(hosts), h -> TestCertificates.selfSigned(h));
    certificates.put(ns + "/" + name, pem.certificate());
    return FlowManifests.tlsSecret(ns, name, pem.certificate(), pem.key());
  }

  private static String serviceYaml(String ns, String name, Map<String, Integer> ports) {
    return FlowManifests.service(ns, name, ports);
  }

  private String slice(String ns, String service, String sliceName, String portName, List<String> addresses,
      boolean ready) {
    return FlowManifests.endpointSlice(ns, service, sliceName, portName, backends.port(), addresses, ready);
  }
}
