package dev.ingressc.ir;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The whole routing decision for one compile.
 *
 * @param virtualHosts exact hosts (ascending), then wildcard hosts (ascending), then the catch-all
 *     host built from host-less rules, if any. A request's Host picks at most one of them.
 * @param defaultBackend serves every request that no route takes; empty means 404
 * @param upstreams every upstream that a route or the default backend names, sorted by name
 * @param certificates every certificate that serves a TLS host, sorted by id
 * @param defaultCertificate served for an SNI that no TLS host claims; empty means the handshake is
 *     refused
 * @param listener what every listener shares (HTTP/2 on TLS)
 */
public record IngressIR(
    List<VirtualHost> virtualHosts,
    Optional<Backend> defaultBackend,
    List<Upstream> upstreams,
    List<TlsCertificate> certificates,
    Optional<TlsCertificate> defaultCertificate,
    ListenerSettings listener) {

  public IngressIR {
    virtualHosts = List.copyOf(virtualHosts);
    upstreams = upstreams.stream().sorted(Comparator.comparing(Upstream::name)).toList();
    certificates = List.copyOf(certificates);
  }

  /** With the default listener settings. */
  public IngressIR(List<VirtualHost> virtualHosts, Optional<Backend> defaultBackend, List<Upstream> upstreams,
      List<TlsCertificate> certificates, Optional<TlsCertificate> defaultCertificate) {
    this(virtualHosts, defaultBackend, upstreams, certificates, defaultCertificate, ListenerSettings.DEFAULTS);
  }

  /** By binary search: emitters ask once per route. */
  public Optional<Upstream> upstream(String name) {
    int lo = 0;
    int hi = upstreams.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = upstreams.get(mid).name().compareTo(name);
      if (c == 0) {
        return Optional.of(upstreams.get(mid));
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return Optional.empty();
  }

  /**
   * True when the HTTPS listener is needed: some host is served over TLS, or a default
   * certificate is given (which then serves every host over HTTPS, as the oracle routes it). A
   * TLS host may have no rules of its own (a wildcard rule serves it), so this asks the
   * certificates, not the virtual hosts.
   */
  public boolean hasTls() {
    return !certificates.isEmpty() || defaultCertificate.isPresent();
  }

  /** The hosts whose TLS connections are passed through by SNI, in host order. */
  public List<VirtualHost> passthroughHosts() {
    return virtualHosts.stream().filter(v -> v.passthrough().isPresent()).toList();
  }

  /**
   * True when a TLS port is needed at all: {@link #hasTls()}, or some host is passed through
   * (its TLS stream is inspected on the same port).
   */
  public boolean hasTlsPort() {
    return hasTls() || virtualHosts.stream().anyMatch(v -> v.passthrough().isPresent());
  }

  /** Every certificate an HTTPS listener loads: the hosts' and the default one, once each, by id. */
  public List<TlsCertificate> servedCertificates() {
    java.util.TreeMap<String, TlsCertificate> served = new java.util.TreeMap<>();
    certificates.forEach(c -> served.put(c.id(), c));
    defaultCertificate.ifPresent(c -> served.putIfAbsent(c.id(), c));
    return List.copyOf(served.values());
  }
}
