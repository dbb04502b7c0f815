package dev.ingressc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The IR's answers by host name: which virtual host serves a Host, which certificate serves an SNI.
 * The route oracle and the emitters that need these choices (nginx picks a server per name) read
 * this one index, so a target and the oracle it is tested against cannot drift apart here. Built
 * once per IR; every lookup is a map probe or a walk over the wildcards only.
 */
public final class HostIndex {
  private final Map<String, VirtualHost> exactHosts = new HashMap<>();
  private final Map<String, VirtualHost> wwwTwins = new TreeMap<>();
  private final List<VirtualHost> wildcardHosts = new ArrayList<>();
  private final Map<String, VirtualHost> wildcardByPattern = new HashMap<>();
  private VirtualHost catchAll;
  private final Map<String, TlsCertificate> certificateByHost = new HashMap<>();
  private final List<TlsCertificate> wildcardCertificates = new ArrayList<>();
  private final Optional<TlsCertificate> defaultCertificate;

  public HostIndex(IngressIR ir) {
    for (VirtualHost v : ir.virtualHosts()) {
      switch (v.match()) {
        case EXACT -> exactHosts.putIfAbsent(v.host(), v);
        case WILDCARD -> {
          wildcardHosts.add(v);
          wildcardByPattern.putIfAbsent(v.host(), v);
        }
        case ANY -> catchAll = v;
      }
    }
    for (VirtualHost v : ir.virtualHosts()) {
      v.wwwRedirect().filter(w -> !exactHosts.containsKey(w.from())).ifPresent(w -> wwwTwins.put(w.from(), v));
    }
    for (TlsCertificate c : ir.certificates()) {
      c.hosts().forEach(h -> certificateByHost.putIfAbsent(h, c));
      if (c.hosts().stream().anyMatch(h -> h.startsWith("*."))) {
        wildcardCertificates.add(c);
      }
    }
    defaultCertificate = ir.defaultCertificate();
  }

  /**
   * The virtual host for a normalized Host ({@link HostMatching#normalize}): an exact host beats a
   * wildcard (the first, in the IR's order); the catch-all takes the rest.
   */
  public Optional<VirtualHost> virtualHost(String host) {
    VirtualHost exact = exactHosts.get(host);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (VirtualHost v : wildcardHosts) {
      if (HostMatching.wildcardCovers(v.host(), host)) {
        return Optional.of(v);
      }
    }
    return Optional.ofNullable(catchAll);
  }

  /**
   * The host whose from-to-www-redirect takes a normalized Host: its twin, when no exact rule host
   * has that name (an exact host is served as itself; the twin beats a wildcard, as an exact name does).
   */
  public Optional<VirtualHost> wwwTwin(String host) {
    return Optional.ofNullable(wwwTwins.get(host));
  }

  /** Every redirected twin name, sorted, with the host it is redirected to. */
  public Map<String, VirtualHost> wwwTwins() {
    return java.util.Collections.unmodifiableMap(wwwTwins);
  }

  /**
   * The passthrough of a TLS connection's SNI: only an exact host is passed through, compared
   * case-insensitively; no SNI (empty) is never passed through.
   */
  public Optional<Passthrough> passthroughFor(String sni) {
    if (sni == null || sni.isEmpty()) {
      return Optional.empty();
    }
    VirtualHost v = exactHosts.get(sni.toLowerCase(java.util.Locale.ROOT));
    return v == null ? Optional.empty() : v.passthrough();
  }

  /** The virtual host of a wildcard pattern such as {@code *.example.com}, else the catch-all. */
  public Optional<VirtualHost> wildcardOrCatchAll(String pattern) {
    return Optional.ofNullable(wildcardByPattern.getOrDefault(pattern, catchAll));
  }

  /**
   * The certificate for an SNI: an exact TLS host, else a wildcard TLS host, else the default. The
   * first certificate (by id) that lists the host wins.
   */
  public Optional<TlsCertificate> certificateFor(String sni) {
    TlsCertificate exact = certificateByHost.get(sni);
    if (exact != null) {
      return Optional.of(exact);
    }
    Optional<TlsCertificate> wildcard = wildcardCertificates.stream()
        .filter(c -> c.hosts().stream().anyMatch(h -> h.startsWith("*.") && HostMatching.wildcardCovers(h, sni)))
        .findFirst();
    return wildcard.isPresent() ? wildcard : defaultCertificate;
  }

  /**
   * Every host name some certificate lists, sorted, with the certificate that serves it (the first
   * by id to list it): for targets that give each listed name a place of its own (Envoy's filter
   * chains).
   */
  public Map<String, TlsCertificate> certificatesByListedHost() {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(certificateByHost));
  }
}
