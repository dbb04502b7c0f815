package dev.ingressc.emit.envoy;

import dev.ingressc.ir.Backend;
import dev.ingressc.ir.IngressIR;
import dev.ingressc.ir.LoadBalancing;
import dev.ingressc.ir.Upstream;
import dev.ingressc.ir.VirtualHost;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Envoy virtual hosts translated for earlier IRs, kept by the sidecar between passes: a change to
 * one host of 10,000 translates one host, and the unchanged hosts are the same message objects as
 * before, so whoever hashes them can remember their digests by identity.
 *
 * <p>A virtual host is a function of its IR host, the listener scheme and a context shared by all
 * hosts: the catch-all host (copied into wildcard hosts), the default backend, the https port and,
 * per upstream, what a route uses of it (its name, whether it is unavailable, whether it hashes by
 * client IP, its session affinity), and whether proxies in front are trusted (which address RBAC
 * reads; the refused target's route). When the context changes, everything is translated again; an endpoint-only change
 * leaves it alone. Entries not used by a translation are dropped after it. Not thread-safe.
 *
 * <p>Hosts are looked up by identity first: the sidecar's compiler hands over an unchanged host as
 * the same instance (see {@code NormalizeCache}), and hashing 10,000 hosts deeply every pass costs
 * more than translating the few that changed. Only a host not seen as that instance is hashed.
 */
public final class VirtualHostCache {
  /** What routes read from an upstream; endpoints are not part of it. */
  private record UpstreamUse(boolean unavailable, boolean hashesByClientIp,
      Optional<dev.ingressc.ir.Affinity> affinity) {}

  private record Context(Optional<VirtualHost> catchAll, Optional<Backend> defaultBackend, int httpsPort,
      Map<String, UpstreamUse> upstreams, boolean trustsProxies) {}

  private record Key(VirtualHost host, RouteTableBuilder.Scheme scheme) {}

  /** A translated host and the last translation that used it. */
  private static final class Entry {
    final io.envoyproxy.envoy.config.route.v3.VirtualHost translated;
    long used;

    Entry(io.envoyproxy.envoy.config.route.v3.VirtualHost translated) {
      this.translated = translated;
    }
  }

  private Context context;
  /** By content; kept across translations, so each key is hashed once, when it is added. */
  private final Map<Key, Entry> byContent = new HashMap<>();
  /** By host instance, per scheme: the last translation's and this one's. */
  private Map<RouteTableBuilder.Scheme, Map<VirtualHost, Entry>> previous = byInstance();
  private Map<RouteTableBuilder.Scheme, Map<VirtualHost, Entry>> current = byInstance();
  private long pass;
  private long translated;

  private static Map<RouteTableBuilder.Scheme, Map<VirtualHost, Entry>> byInstance() {
    Map<RouteTableBuilder.Scheme, Map<VirtualHost, Entry>> m = new EnumMap<>(RouteTableBuilder.Scheme.class);
    for (RouteTableBuilder.Scheme s : RouteTableBuilder.Scheme.values()) {
      m.put(s, new IdentityHashMap<>());
    }
    return m;
  }

  /** Starts a translation of {@code ir}; forgets everything if the shared context changed. */
  void begin(IngressIR ir, Optional<VirtualHost> catchAll, int httpsPort) {
    Map<String, UpstreamUse> uses = new HashMap<>();
    for (Upstream u : ir.upstreams()) {
      uses.put(u.name(), new UpstreamUse(u.unavailable(), u.loadBalancing() == LoadBalancing.CLIENT_IP_HASH,
          u.affinity()));
    }
    Context now = new Context(catchAll, ir.defaultBackend(), httpsPort, uses, ir.listener().trustedProxies().any());
    if (!now.equals(context)) {
      byContent.clear();
      previous = byInstance();
    }
    context = now;
    current = byInstance();
    pass++;
  }

  /** The virtual host for {@code host} (null: the "*" host), built only if not kept from before. */
  io.envoyproxy.envoy.config.route.v3.VirtualHost get(VirtualHost host, RouteTableBuilder.Scheme scheme,
      Supplier<io.envoyproxy.envoy.config.route.v3.VirtualHost> build) {
    Map<VirtualHost, Entry> now = current.get(scheme);
    Entry e = now.get(host);
    if (e == null) {
      e = previous.get(scheme).get(host);
      if (e == null) {
        Key key = new Key(host, scheme);
        e = byContent.get(key);
        if (e == null) {
          e = new Entry(build.get());
          translated++;
          byContent.put(key, e);
        }
      }
      e.used = pass;
      now.put(host, e);
    }
    return e.translated;
  }

  /** Ends a translation: keeps what it used. */
  void end() {
    // Removing through the iterator needs no hash, so this costs no deep hashing of kept hosts.
    byContent.values().removeIf(e -> e.used != pass);
    previous = current;
    current = byInstance();
  }

  /** How many virtual hosts were built (not taken from the cache) so far; for tests. */
  public long translated() {
    return translated;
  }
}
